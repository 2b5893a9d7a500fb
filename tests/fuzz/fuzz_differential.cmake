# fuzz_differential: the plugin in epan (as fuzz_plugin_tree) and smcdump's
# analysis side (as fuzz_stream), both in one binary. Skipped when either is.
include(${CMAKE_CURRENT_LIST_DIR}/fuzz_plugin_tree.cmake)
set(smcclc_diff_deps ${SMCCLC_FUZZ_DEPS})
set(smcclc_diff_skip ${SMCCLC_FUZZ_SKIP})
set(SMCCLC_FUZZ_DEPS smcclc_core)
set(SMCCLC_FUZZ_SKIP OFF)
include(${CMAKE_CURRENT_LIST_DIR}/fuzz_stream.cmake)
if(smcclc_diff_skip OR SMCCLC_FUZZ_SKIP)
    set(SMCCLC_FUZZ_SKIP ON)
else()
    list(APPEND SMCCLC_FUZZ_DEPS ${smcclc_diff_deps})
endif()
