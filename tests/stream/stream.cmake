# Streaming commands (exec, attach, logs, port-forward, run -i): issue 8.
#   stream.faults       scripted server (tests/stream/wsserver.py): exit codes, stdin EOF, a
#                       stream cut or closed mid-command, refused upgrades, run -i --rm
#   stream.interactive  exec -it and run -it --rm in tmux: prompt, input, resize, Ctrl-D,
#                       SIGTERM, terminal settings unchanged afterwards (needs tmux)
#   stream.port-forward the shared cluster: 10 MiB each way on two connections, a Service's
#                       named port, SIGINT, logs -f of two pods side by side
# Included from tests/CMakeLists.txt after integration.cmake (kc_integration_test).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(KC_STREAM_DIR ${CMAKE_CURRENT_LIST_DIR})

add_test(NAME stream.faults
  COMMAND ${Python3_EXECUTABLE} ${KC_STREAM_DIR}/faults.py --kubec $<TARGET_FILE:kubec>)
set_tests_properties(stream.faults PROPERTIES LABELS "stream;faults" TIMEOUT 600)

find_program(KC_TMUX tmux)
if(KC_TMUX)
  add_test(NAME stream.interactive COMMAND ${KC_STREAM_DIR}/interactive.sh $<TARGET_FILE:kubec>)
  set_tests_properties(stream.interactive PROPERTIES LABELS "stream;faults" TIMEOUT 300)
endif()

if(COMMAND kc_integration_test)
  kc_integration_test(NAME stream.port-forward
    COMMAND ${KC_STREAM_DIR}/portforward.sh $<TARGET_FILE:kubec>
    LABELS "integration;stream" TIMEOUT 300)
endif()

# The same expectations held against the oracle kubectl (its path comes with the cluster's
# environment file, as for faults.oracle).
if(DEFINED KC_CLUSTER_ENV)
  add_test(NAME stream.faults.oracle
    COMMAND sh -c ". \"$1\" && exec \"$2\" \"$3/faults.py\" --kubec \"$4\" --kubectl \"$KUBECTL\""
      sh ${KC_CLUSTER_ENV} ${Python3_EXECUTABLE} ${KC_STREAM_DIR} $<TARGET_FILE:kubec>)
  set_tests_properties(stream.faults.oracle PROPERTIES LABELS integration TIMEOUT 900
    FIXTURES_REQUIRED cluster)
endif()
