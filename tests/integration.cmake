# Integration tests: one real control plane (tests/cluster/) shared by every test of a ctest run.
#
# Contract for integration / compat tests written elsewhere:
#   * Declare FIXTURES_REQUIRED cluster (or use kc_integration_test() below). ctest then runs
#     cluster.build (builds the cached binaries on first use), cluster.up before the first such
#     test and cluster.down after the last one, also under -L/-R filters.
#   * The cluster's environment is ${KC_CLUSTER_ENV} (= ${CMAKE_BINARY_DIR}/cluster.env),
#     written by cluster.up: `export NAME=value` lines for KUBEC_CLUSTER_DIR, KUBEC_CLUSTER_BIN,
#     KUBEC_CLUSTER_SERVER, KUBEC_CLUSTER_RO_NAMESPACE, KUBEC_CLUSTER_POD_LOG, then KUBECONFIG
#     and KUBECTL (the oracle kubectl v1.37.2). Shell scripts: `. tests/cluster/env.sh` (reads
#     $KC_CLUSTER_ENV, checks it, puts the oracle kubectl first on PATH, defines kc_wait_for).
#   * The kubeconfig's contexts: admin (current; client cert, system:masters), token (static
#     bearer token, system:masters), exec (exec credential plugin, system:masters), readonly
#     (client cert; get/list/watch in namespace ${KUBEC_CLUSTER_RO_NAMESPACE} only).
#   * Tests run in parallel (ctest -j) on the same cluster: work in a namespace of your own,
#     do not change or delete what you did not create (default/kubernetes, kube-system, nodes,
#     the readonly namespace), and create pods only after the namespace's `default`
#     ServiceAccount exists (or through a controller), since admission rejects them before.
#     Never write to $KUBECONFIG (`kubectl config set-context`, ...): copy it and point
#     KUBECONFIG at the copy.
#   * Connect only to 127.0.0.1. Pod IPs (10.244.0.0/16) and Service IPs (10.96.0.0/16) are
#     fictitious: never send traffic to them. See tests/cluster/README.md.
set(KC_CLUSTER_DIR ${CMAKE_BINARY_DIR}/cluster)
set(KC_CLUSTER_ENV ${CMAKE_BINARY_DIR}/cluster.env)
set(KC_CLUSTER_SH ${CMAKE_CURRENT_SOURCE_DIR}/cluster/cluster.sh)

# Cold builds compile the control plane from source (about ten minutes here, see the README).
add_test(NAME cluster.build COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cluster/build.sh)
set_tests_properties(cluster.build PROPERTIES LABELS integration TIMEOUT 5400
  FIXTURES_SETUP cluster_bin)

# --replace: a cluster left behind by an interrupted earlier run in this build dir is stopped.
add_test(NAME cluster.up COMMAND ${CMAKE_COMMAND} -E env KUBEC_CLUSTER_DIR=${KC_CLUSTER_DIR}
  ${KC_CLUSTER_SH} up --replace --env-file ${KC_CLUSTER_ENV})
set_tests_properties(cluster.up PROPERTIES LABELS integration TIMEOUT 600
  FIXTURES_SETUP cluster FIXTURES_REQUIRED cluster_bin)

add_test(NAME cluster.down COMMAND ${CMAKE_COMMAND} -E env KUBEC_CLUSTER_DIR=${KC_CLUSTER_DIR}
  ${KC_CLUSTER_SH} down --env-file ${KC_CLUSTER_ENV})
set_tests_properties(cluster.down PROPERTIES LABELS integration TIMEOUT 120
  FIXTURES_CLEANUP cluster)

# kc_integration_test(NAME name COMMAND cmd... [LABELS labels...] [TIMEOUT seconds])
# A test on the shared cluster: requires the fixture, runs with KC_CLUSTER_ENV in its
# environment, label `integration` unless LABELS says otherwise.
function(kc_integration_test)
  cmake_parse_arguments(A "" "NAME;TIMEOUT" "COMMAND;LABELS" ${ARGN})
  if(NOT A_LABELS)
    set(A_LABELS integration)
  endif()
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 300)
  endif()
  add_test(NAME ${A_NAME} COMMAND ${A_COMMAND})
  set_tests_properties(${A_NAME} PROPERTIES LABELS "${A_LABELS}" TIMEOUT ${A_TIMEOUT}
    FIXTURES_REQUIRED cluster ENVIRONMENT "KC_CLUSTER_ENV=${KC_CLUSTER_ENV}")
endfunction()

kc_integration_test(NAME cluster.smoke COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cluster/smoke.sh)

# libkube installed into a fresh prefix and used by an outside program (examples/), with
# pkg-config and with find_package(Kube); the sanitized build passes its flags on.
if(KC_SANITIZE)
  set(KC_CONSUMER_CFLAGS "-fsanitize=address,undefined")
else()
  set(KC_CONSUMER_CFLAGS "")
endif()
kc_integration_test(NAME install.consumer
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/install/consumer.sh ${PROJECT_BINARY_DIR} "${KC_CONSUMER_CFLAGS}"
  TIMEOUT 300)

# a component that cannot start: up fails loudly, leaves nothing running, down cleans up
add_test(NAME cluster.failing-up COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cluster/failing-up.sh)
set_tests_properties(cluster.failing-up PROPERTIES LABELS integration TIMEOUT 300
  FIXTURES_REQUIRED cluster_bin)
