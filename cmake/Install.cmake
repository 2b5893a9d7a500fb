# What `cmake --install` puts where, besides the targets (smcdump/, core/ and
# dissector/ install those). Every rule names the component, and so the
# Debian package (cmake/Packaging.cmake), it belongs to:
#   smcdump                  the tool, its man page, guide and JSON schema
#   wireshark-plugin-smcclc  the plugin (dissector/CMakeLists.txt)
#   libsmcclc, libsmcclc-dev the core as a library (core/CMakeLists.txt)

# Debian policy wants man pages compressed, with no time stamp in the gzip
# header (-n) so that two builds give the same package.
find_program(SMCCLC_GZIP gzip)
set(man ${PROJECT_SOURCE_DIR}/docs/smcdump.1)
if(SMCCLC_GZIP)
    add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/smcdump.1.gz
        COMMAND sh -c "'${SMCCLC_GZIP}' -9nc '${man}' > '${CMAKE_BINARY_DIR}/smcdump.1.gz'"
        DEPENDS ${man} VERBATIM)
    add_custom_target(smcclc_man ALL DEPENDS ${CMAKE_BINARY_DIR}/smcdump.1.gz)
    set(man ${CMAKE_BINARY_DIR}/smcdump.1.gz)
endif()
if(TARGET smcdump)
    install(FILES ${man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT smcdump)
    # SMCCLC_GUIDE (CMakeLists.txt) must name this file: smcdump prints it.
    install(FILES docs/troubleshooting.md docs/smcdump.schema.json docs/testing-your-setup.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT smcdump)
endif()
install(FILES docs/api.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT dev)
