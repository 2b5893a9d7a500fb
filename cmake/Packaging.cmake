# Debian packages from the build: `cpack -G DEB` in the build folder makes one
# package per install component (cmake/Install.cmake lists them):
#   smcdump                  the tool, man page, guide, JSON schema
#   wireshark-plugin-smcclc  the plugin, for the Wireshark it was built against
#   libsmcclc0               the core as a shared library
#   libsmcclc-dev            headers, static library, .so link, smcclc.pc
# Dependencies come from dpkg-shlibdeps. The plugin links libwireshark (it is
# linked with --no-undefined), so shlibdeps makes it depend on the ABI package
# it was built against (libwireshark16 for 4.0, libwireshark18 for 4.4, ...):
# apt refuses it on another Wireshark instead of Wireshark refusing to load it.
#
# Configure with -DCMAKE_INSTALL_PREFIX=/usr for packages: smcdump prints the
# guide's installed path, and the packages install under the same prefix.
# scripts/test-packages.sh builds and tests them.

set(CPACK_PACKAGE_NAME smcclc)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(SMCCLC_DEB_MAINTAINER "smcclc maintainers <maintainers@users.noreply.r-seed-c0723ce6.example>"
    CACHE STRING "Maintainer field of the Debian packages")
set(CPACK_PACKAGE_CONTACT "${SMCCLC_DEB_MAINTAINER}")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_COMPONENTS_ALL lib dev)
if(TARGET smcdump)
    list(APPEND CPACK_COMPONENTS_ALL smcdump)
endif()
if(TARGET smcclc)
    list(APPEND CPACK_COMPONENTS_ALL plugin)
endif()

set(CPACK_DEBIAN_SMCDUMP_PACKAGE_NAME smcdump)
set(CPACK_DEBIAN_SMCDUMP_PACKAGE_SECTION net)
# Capturing without root, offered as Debian's wireshark-common offers it for
# dumpcap: a debconf question (default no), a group, setcap in the postinst.
set(dir ${PROJECT_SOURCE_DIR}/packaging/debian/smcdump)
set(CPACK_DEBIAN_SMCDUMP_PACKAGE_CONTROL_EXTRA
    ${dir}/templates ${dir}/config ${dir}/postinst ${dir}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_SMCDUMP_PACKAGE_DEPENDS "debconf (>= 0.5) | debconf-2.0, libcap2-bin, passwd")
set(CPACK_DEBIAN_SMCDUMP_DESCRIPTION
    "tcpdump-like analyser of SMC (AF_SMC) connection handshakes
smcdump reads a capture file or an interface, decodes the SMC CLC messages
(Proposal, Accept, Confirm, Decline) of every connection whose SYN and SYN-ACK
carry the SMC option, and says whether SMC-R or SMC-D was used and, if the
connection fell back to TCP, why and what to check. Text or JSON Lines output,
statistics. The troubleshooting guide is in /usr/share/doc/smcclc.")

set(CPACK_DEBIAN_PLUGIN_PACKAGE_NAME wireshark-plugin-smcclc)
set(CPACK_DEBIAN_PLUGIN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PLUGIN_PACKAGE_ENHANCES "wireshark, tshark")
set(CPACK_DEBIAN_PLUGIN_DESCRIPTION
    "Wireshark dissector of SMC (AF_SMC) CLC handshakes
The smcclc plugin decodes every field of the SMC CLC messages as a display
filter (smcclc.*), flags what breaks the kernel's rules as expert info, gives
each handshake a verdict (SMC-R, SMC-D, fallback and its reason) and counts
them in the smcclc,tree statistics. Built for one Wireshark release; the
dependency on its libwireshark package says which.")

set(CPACK_DEBIAN_LIB_PACKAGE_NAME libsmcclc${SMCCLC_SOVERSION})
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
# Before 1.0 every release may change the ABI: programs depend on the exact version.
# (CPack 3.25 has no per-component switch: it also looks at the plugin and
# warns that it has no SONAME, which is right for a plugin.)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY "=")
set(CPACK_DEBIAN_LIB_DESCRIPTION
    "parser library of SMC (AF_SMC) CLC handshake messages
libsmcclc frames, decodes and validates SMC CLC messages and the SMC TCP
option, and follows the handshake of a connection to its verdict. No
allocation, no I/O, libc only.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libsmcclc-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DEPENDS lib)
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "parser library of SMC (AF_SMC) CLC handshake messages (development files)
Headers, static library and pkg-config file (smcclc) of libsmcclc. The API is
described in /usr/share/doc/smcclc/api.md.")

include(CPack)
