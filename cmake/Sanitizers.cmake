# AddressSanitizer + UndefinedBehaviorSanitizer for the whole build (TOLLGATE_SANITIZE=ON).
# UBSan is made fatal so that a finding fails the test that triggered it.
if(TOLLGATE_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
    add_compile_definitions(TOLLGATE_SANITIZED=1)
endif()
