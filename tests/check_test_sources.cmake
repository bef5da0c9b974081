# cmake -DTESTS_DIR=tests -DSOURCES_LIST=build/tests/test-sources.txt -P check_test_sources.cmake
# Fails, naming each file, when a tests/**/*_test.cpp is not among the sources of any test
# executable (SOURCES_LIST is written at configure time by tests/CMakeLists.txt).
cmake_minimum_required(VERSION 3.20)  # IN_LIST, cmake_path
file(GLOB_RECURSE test_files LIST_DIRECTORIES false "${TESTS_DIR}/*_test.cpp")
file(STRINGS "${SOURCES_LIST}" built)
set(missing "")
foreach(file IN LISTS test_files)
  cmake_path(NORMAL_PATH file)
  if(NOT file IN_LIST built)
    cmake_path(RELATIVE_PATH file BASE_DIRECTORY "${TESTS_DIR}" OUTPUT_VARIABLE shown)
    list(APPEND missing "tests/${shown}")
  endif()
endforeach()
list(LENGTH test_files total)
if(total EQUAL 0)
  message(FATAL_ERROR "no *_test.cpp found under ${TESTS_DIR}: wrong TESTS_DIR?")
endif()
if(missing)
  list(JOIN missing "\n  " shown)
  message(FATAL_ERROR "test files that no test binary compiles (add each to the SOURCES of "
                      "its folder's CMakeLists.txt, then re-run cmake):\n  ${shown}")
endif()
message(STATUS "all ${total} *_test.cpp files are compiled into a test binary")
