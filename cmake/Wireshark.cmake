# Wireshark's development files, found once for the whole tree (the plugin in
# dissector/, the fuzz target that hosts libwireshark, packaging). Included
# by the top CMakeLists.txt, so every folder sees the results.
#
# Sets, when found:
#   SMCCLC_WS_FOUND        TRUE
#   SMCCLC_WS_VERSION      major.minor of the headers ("4.4"): a plugin loads
#                          only into that release
#   SMCCLC_WS_EPAN         what a plugin links (epan and its dependencies)
#   SMCCLC_WS_HOST         what a program that runs libwireshark itself links
#                          (epan and wiretap: from 4.4 on, epan's imported
#                          target no longer brings wiretap along)
#   SMCCLC_WS_PLUGIN_DIR   that release's global plugin folder, the one its
#                          Wireshark searches (.../wireshark/plugins/4.4)
#   SMCCLC_PLUGIN_INSTALL_DIR (cache) where `cmake --install` puts smcclc.so:
#                          SMCCLC_WS_PLUGIN_DIR/epan unless set
#
# Debian 13 and later ship WiresharkConfig.cmake; Debian 12 and other builds
# may only have wireshark.pc (whose "plugindir" variable is the same folder).
include_guard(GLOBAL)

set(SMCCLC_WS_FOUND FALSE)
find_package(Wireshark CONFIG QUIET)
if(Wireshark_FOUND)
    set(SMCCLC_WS_FOUND TRUE)
    set(SMCCLC_WS_VERSION "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
    set(SMCCLC_WS_EPAN epan)
    set(SMCCLC_WS_HOST epan)
    if(TARGET wiretap)
        list(APPEND SMCCLC_WS_HOST wiretap)
    endif()
    set(SMCCLC_WS_PLUGIN_DIR "${Wireshark_PLUGIN_INSTALL_DIR}")
else()
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
        pkg_check_modules(SMCCLC_WIRESHARK QUIET IMPORTED_TARGET GLOBAL wireshark)
    endif()
    if(SMCCLC_WIRESHARK_FOUND)
        set(SMCCLC_WS_FOUND TRUE)
        string(REGEX MATCH "^[0-9]+\\.[0-9]+" SMCCLC_WS_VERSION "${SMCCLC_WIRESHARK_VERSION}")
        set(SMCCLC_WS_EPAN PkgConfig::SMCCLC_WIRESHARK)
        # wiretap is not in wireshark.pc; its library sits next to libwireshark.
        set(SMCCLC_WS_HOST PkgConfig::SMCCLC_WIRESHARK wiretap)
        pkg_get_variable(SMCCLC_WS_PLUGIN_DIR wireshark plugindir)
    endif()
endif()

if(SMCCLC_WS_FOUND)
    if(NOT SMCCLC_WS_PLUGIN_DIR)
        message(FATAL_ERROR "Wireshark ${SMCCLC_WS_VERSION} found, but not its plugin folder")
    endif()
    set(SMCCLC_PLUGIN_INSTALL_DIR "${SMCCLC_WS_PLUGIN_DIR}/epan" CACHE PATH
        "Where 'cmake --install' puts smcclc.so (the Wireshark it was built for searches there)")
endif()
