# Helpers shared by every target: warnings as errors, optional sanitizers, and one
# static library per engine module.
# pacecast_warnings(TARGET [TEST]): TEST marks a test suite (see the sanitizer note below).
function(pacecast_warnings target)
  cmake_parse_arguments(W "TEST" "" "" ${ARGN})
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor)
  # GCC 12 reports out-of-bounds copies inside std::string's operator+ that cannot happen
  # (GCC bugs 105329 and 105651); which files it hits depends on inlining.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-restrict
                                             -Wno-stringop-overread -Wno-stringop-overflow)
  endif()
  if(PACECAST_SANITIZE)
    # -O1, as AddressSanitizer's documentation advises: the tests run about twice as fast as
    # at -O0 and the reports keep their line numbers. GCC 12 then reports uninitialised reads
    # inside the standard library's std::function and <regex> that the sanitizers' own
    # instrumentation makes it imagine; the optimised normal build keeps that warning.
    # The test suites themselves are compiled at -O0, still instrumented: the engine's code
    # they drive keeps -O1, and they build more than twice as fast (one unity batch of the
    # control tests: 37 s against 80 s), which keeps CI within its time.
    if(W_TEST)
      set(level -O0)
    else()
      set(level -O1)
    endif()
    target_compile_options(${target} PRIVATE ${level} -fsanitize=address,undefined
                                             -fno-omit-frame-pointer -fno-sanitize-recover=all
                                             -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# pacecast_module(NAME SOURCES ... [PUBLIC_DEPS ...] [DEPS ...])
# A module's headers live in engine/NAME/include/NAME/ and are included as "NAME/x.h".
# Only the module's own include directory is public; what it uses is linked PRIVATE unless
# its public headers need it (PUBLIC_DEPS), so including a module you may not use fails.
function(pacecast_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(pacecast_${name} STATIC ${M_SOURCES})
  add_library(pacecast::${name} ALIAS pacecast_${name})
  target_include_directories(pacecast_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                              PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(pacecast_${name} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_DEPS})
  pacecast_warnings(pacecast_${name})
endfunction()
