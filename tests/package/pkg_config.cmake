# The consumer built as a project without CMake would build it: the compiler, the flags
# `pkg-config --cflags activ` prints for the installed activ, and -std=c++20 (which the .pc file
# cannot carry for every compiler). Run by CTest with -D PKG_CONFIG=, PKGCONFIG_DIR= (the install's
# share/pkgconfig), CXX=, SOURCE=, WORK_DIR= and EXPECTED_INCLUDE= (the install's include dir).

set(ENV{PKG_CONFIG_PATH} "${PKGCONFIG_DIR}")
# Only this install: a system-wide activ.pc must not stand in for it.
set(ENV{PKG_CONFIG_LIBDIR} "${PKGCONFIG_DIR}")
execute_process(
  COMMAND "${PKG_CONFIG}" --cflags activ
  OUTPUT_VARIABLE cflags
  OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "pkg-config --cflags activ failed (${failed})")
endif()
message(STATUS "pkg-config --cflags activ: ${cflags}")
separate_arguments(flags UNIX_COMMAND "${cflags}")

# The flags must point into the install, not into the source tree.
list(FILTER flags INCLUDE REGEX "^-I")
list(TRANSFORM flags REPLACE "^-I" "")
set(found FALSE)
foreach(dir IN LISTS flags)
  file(REAL_PATH "${dir}" real)
  file(REAL_PATH "${EXPECTED_INCLUDE}" expected)
  if(real STREQUAL expected)
    set(found TRUE)
  endif()
endforeach()
if(NOT found)
  message(FATAL_ERROR "pkg-config gave ${cflags}, not -I${EXPECTED_INCLUDE}")
endif()

file(MAKE_DIRECTORY "${WORK_DIR}")
separate_arguments(compile_flags UNIX_COMMAND "${cflags}")
execute_process(COMMAND "${CXX}" -std=c++20 ${compile_flags} "${SOURCE}" -o "${WORK_DIR}/consumer"
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "the consumer did not compile with pkg-config's flags")
endif()
execute_process(COMMAND "${WORK_DIR}/consumer" RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "the consumer built with pkg-config's flags failed")
endif()
