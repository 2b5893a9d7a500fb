# Instrumentation switches shared by every target of the tree.
if(SMCCLC_SANITIZE)
    # UBSan findings must fail the tests, not scroll past as warnings.
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                        -fno-omit-frame-pointer -g)
    add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

if(SMCCLC_COVERAGE)
    add_compile_options(--coverage -O0 -g)
    # smcdump/hot.h: the per-packet helpers out of line, so that gcov's
    # branch counts of the copies in different files line up
    add_compile_definitions(SMCCLC_COVERAGE_BUILD)
    add_link_options(--coverage)
endif()

if(SMCCLC_FUZZ AND NOT SMCCLC_FUZZ_ENGINE)
    if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "SMCCLC_FUZZ needs clang (CC=clang-14)")
    endif()
    # Everything is built with coverage feedback; only fuzz targets link the
    # libFuzzer main.
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -g)
    add_link_options(-fsanitize=address,undefined)
endif()
