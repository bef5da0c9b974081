# Build options and the INTERFACE targets every project target links.
option(SSOSNAP_BUILD_TESTS "Build the test binaries" ON)
option(SSOSNAP_WERROR "Treat compiler warnings as errors (CI)" OFF)
option(SSOSNAP_SANITIZE "Build with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
option(SSOSNAP_FUZZ "Build libFuzzer targets (needs clang)" OFF)

add_library(ssosnap_options INTERFACE)
target_compile_features(ssosnap_options INTERFACE cxx_std_20)
target_include_directories(ssosnap_options INTERFACE ${PROJECT_SOURCE_DIR}/src)

add_library(ssosnap_warnings INTERFACE)
target_compile_options(ssosnap_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(SSOSNAP_WERROR)
  target_compile_options(ssosnap_warnings INTERFACE -Werror)
endif()

if(SSOSNAP_SANITIZE)
  target_compile_options(ssosnap_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(ssosnap_options INTERFACE -fsanitize=address,undefined)
endif()
if(SSOSNAP_FUZZ)
  target_compile_options(ssosnap_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(ssosnap_options INTERFACE -fsanitize=address,undefined)
endif()

# ssosnap_add_module(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# One static library per module; third-party libraries are linked PRIVATE so no public
# header can lean on them (a module test binary that needs them fails to link).
function(ssosnap_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(ssosnap_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(ssosnap_${name} PUBLIC ssosnap_options ${ARG_PUBLIC_DEPS}
                                        PRIVATE ssosnap_warnings ${ARG_PRIVATE_DEPS})
endfunction()

# Use ccache when it is installed (optional; not in the package list): rebuilds of the same
# sources in several build folders then cost one compile. NOHASHDIR lets those folders share.
find_program(SSOSNAP_CCACHE ccache)
if(SSOSNAP_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      env CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${SSOSNAP_CCACHE})
endif()
