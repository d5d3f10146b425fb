# No macro leaks from activ's headers unless it carries the ACTIV_ prefix.
#
#   cmake -DCXX=<compiler> -DSTD_FLAG=<-std=c++20> -DINCLUDE_DIR=<activ>/include
#         -DHEADERS=<file listing activ's headers, one a line> -DWORK_DIR=<scratch dir>
#         -P macros.cmake
#
# Two translation units are preprocessed with -dM, which lists every macro defined at their end:
# a baseline that includes every standard header that activ's headers include, and the same TU with
# <activ/activ.hpp> added after them. The standard headers are include-guarded, so the second list
# differs from the first only by what activ itself defines or undefines. The standard header list
# is read off activ's headers, so it follows them as they change.

foreach(var IN ITEMS CXX STD_FLAG INCLUDE_DIR HEADERS WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "macros.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS "${HEADERS}" headers)
set(std_headers "")
foreach(header IN LISTS headers)
  file(STRINGS "${header}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*<")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*<([^>]+)>.*$" "\\1" included "${line}")
    if(NOT included MATCHES "^activ/")
      list(APPEND std_headers "${included}")
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES std_headers)
list(SORT std_headers)

set(baseline "")
foreach(header IN LISTS std_headers)
  string(APPEND baseline "#include <${header}>\n")
endforeach()
file(MAKE_DIRECTORY "${WORK_DIR}")
file(WRITE "${WORK_DIR}/baseline.cpp" "${baseline}")
file(WRITE "${WORK_DIR}/with_activ.cpp" "${baseline}#include <activ/activ.hpp>\n")

function(macro_names source out_var)
  execute_process(
    COMMAND "${CXX}" ${STD_FLAG} -I "${INCLUDE_DIR}" -dM -E "${source}"
    OUTPUT_VARIABLE definitions
    ERROR_VARIABLE errors
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "macros.cmake: preprocessing ${source} failed:\n${errors}")
  endif()
  string(REGEX MATCHALL "#define [A-Za-z_][A-Za-z0-9_]*" names "${definitions}")
  list(TRANSFORM names REPLACE "^#define " "")
  set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

macro_names("${WORK_DIR}/baseline.cpp" before)
macro_names("${WORK_DIR}/with_activ.cpp" after)
list(LENGTH before count)
if(count LESS 100)
  message(FATAL_ERROR "macros.cmake: only ${count} macros in the baseline; is -dM honoured?")
endif()

set(added "${after}")
list(REMOVE_ITEM added ${before})
set(removed "${before}")
list(REMOVE_ITEM removed ${after})
set(leaked "${added}")
list(FILTER leaked EXCLUDE REGEX "^ACTIV_")

list(LENGTH std_headers std_count)
message(STATUS "activ: ${std_count} standard headers in the baseline (${std_headers}); "
               "${count} macros before activ, macros added by activ: [${added}]")
if(leaked OR removed)
  message(FATAL_ERROR "activ's headers define macros without the ACTIV_ prefix: [${leaked}]; "
                      "undefine: [${removed}]")
endif()
