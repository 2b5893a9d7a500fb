# fuzz_stream: smcdump's analysis side without pcap and without the output
# side; the target brings its own checking report.h functions.
if(TARGET smcdump)
    if(NOT TARGET smcclc_fuzz_analysis)
        set(dir ${PROJECT_SOURCE_DIR}/smcdump)
        add_library(smcclc_fuzz_analysis STATIC
            ${dir}/decap.c ${dir}/flow.c ${dir}/stream.c ${dir}/analyze.c)
        target_include_directories(smcclc_fuzz_analysis PUBLIC ${dir})
        target_link_libraries(smcclc_fuzz_analysis PUBLIC smcclc_core)
    endif()
    set(SMCCLC_FUZZ_DEPS smcclc_fuzz_analysis)
else()
    set(SMCCLC_FUZZ_SKIP ON)
endif()
