# fuzz_plugin_tree: the plugin's sources linked into the target (no .so to
# load), with libwireshark. Skipped when the plugin is switched off or
# Wireshark's development files are missing.
if(NOT SMCCLC_PLUGIN STREQUAL "OFF" AND NOT TARGET smcclc_fuzz_plugin)
        if(SMCCLC_WS_FOUND)
        # The target calls wtap_init(): epan and wiretap.
        set(SMCCLC_FUZZ_WS ${SMCCLC_WS_HOST})
    endif()
    if(SMCCLC_FUZZ_WS)
        set(dir ${PROJECT_SOURCE_DIR}/dissector)
        add_library(smcclc_fuzz_plugin STATIC ${dir}/analysis.c ${dir}/packet-smcclc.c
                    ${dir}/plugin.c ${dir}/stats.c ${dir}/tree.c
                    ${PROJECT_SOURCE_DIR}/smcdump/stream.c)
        target_include_directories(smcclc_fuzz_plugin PUBLIC ${dir})
        target_include_directories(smcclc_fuzz_plugin PRIVATE ${PROJECT_SOURCE_DIR}/smcdump)
        target_compile_definitions(smcclc_fuzz_plugin PRIVATE
                                   SMCCLC_PLUGIN_VERSION="${PROJECT_VERSION}")
        target_link_libraries(smcclc_fuzz_plugin PUBLIC smcclc_core ${SMCCLC_FUZZ_WS})
    endif()
endif()
if(TARGET smcclc_fuzz_plugin)
    set(SMCCLC_FUZZ_DEPS smcclc_fuzz_plugin)
else()
    set(SMCCLC_FUZZ_SKIP ON)
endif()
