# fuzz_pcap: all of smcdump but main.c (option parsing), with libpcap. The
# imported libpcap target of smcdump/ is not visible here, so look again.
if(TARGET smcdump AND NOT TARGET smcclc_fuzz_smcdump)
    find_path(SMCCLC_FUZZ_PCAP_INCLUDE pcap/pcap.h)
    find_library(SMCCLC_FUZZ_PCAP_LIBRARY pcap)
    if(SMCCLC_FUZZ_PCAP_INCLUDE AND SMCCLC_FUZZ_PCAP_LIBRARY)
        file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/smcdump/*.c)
        list(REMOVE_ITEM sources ${PROJECT_SOURCE_DIR}/smcdump/main.c)
        add_library(smcclc_fuzz_smcdump STATIC ${sources})
        target_include_directories(smcclc_fuzz_smcdump PUBLIC ${PROJECT_SOURCE_DIR}/smcdump
                                   ${SMCCLC_FUZZ_PCAP_INCLUDE})
        target_link_libraries(smcclc_fuzz_smcdump PUBLIC smcclc_core ${SMCCLC_FUZZ_PCAP_LIBRARY})
    endif()
endif()
if(TARGET smcclc_fuzz_smcdump)
    set(SMCCLC_FUZZ_DEPS smcclc_fuzz_smcdump)
else()
    set(SMCCLC_FUZZ_SKIP ON)
endif()
