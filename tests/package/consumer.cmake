# The consumer program both package tests build, once activ::activ exists by either route. The
# strict warnings reach activ's headers too (a FetchContent source tree is not a system include,
# and the point is that activ compiles cleanly inside a demanding consumer).
add_executable(activ_consumer "${CMAKE_CURRENT_LIST_DIR}/consumer.cpp")
target_link_libraries(activ_consumer PRIVATE activ::activ)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(
    activ_consumer PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
                           -Werror)
endif()
