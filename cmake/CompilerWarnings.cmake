# Warnings every Tollgate target is built with. Applied per target so that third-party code
# (moc output excepted) is not affected.
function(tollgate_set_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
        -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
endfunction()
