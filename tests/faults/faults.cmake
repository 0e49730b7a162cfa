# Fault tests: kubec against the scripted fake server of tests/faults/server.py (no cluster
# needed). faults.oracle holds the oracle kubectl to the same expectations; it needs the
# cluster fixture only for its environment file, which names the oracle binary.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
find_program(KC_OPENSSL openssl REQUIRED)
set(KC_FAULTS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/faults)
set(KC_FAULTS_SANITIZED)
if(KC_SANITIZE)
  set(KC_FAULTS_SANITIZED --sanitized)
endif()

add_test(NAME faults
  COMMAND ${Python3_EXECUTABLE} ${KC_FAULTS_DIR}/run.py --kubec $<TARGET_FILE:kubec>
    ${KC_FAULTS_SANITIZED} ${KC_FAULTS_DIR}/cases)
set_tests_properties(faults PROPERTIES LABELS faults TIMEOUT 600)

if(DEFINED KC_CLUSTER_ENV)
  add_test(NAME faults.oracle
    COMMAND sh -c ". \"$1\" && exec \"$2\" \"$3/run.py\" --kubec \"$4\" --kubectl \"$KUBECTL\" \"$3/cases\""
      sh ${KC_CLUSTER_ENV} ${Python3_EXECUTABLE} ${KC_FAULTS_DIR} $<TARGET_FILE:kubec>)
  set_tests_properties(faults.oracle PROPERTIES LABELS integration TIMEOUT 900
    FIXTURES_REQUIRED cluster)
endif()
