# Differential tests against the oracle kubectl on the shared real cluster (fixture `cluster`
# from tests/integration.cmake, whose environment is in ${CMAKE_BINARY_DIR}/cluster.env).
set(KC_CLUSTER_ENV ${CMAKE_BINARY_DIR}/cluster.env)
add_test(NAME compat.seed
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/compat/ctest-run.sh ${KC_CLUSTER_ENV} $<TARGET_FILE:kubec> seed)
set_tests_properties(compat.seed PROPERTIES LABELS compat FIXTURES_REQUIRED cluster
  FIXTURES_SETUP compat_seed TIMEOUT 300)
foreach(dir basic config get describe apply mutate stream complete)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/compat/cases/${dir})
    add_test(NAME compat.${dir}
      COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/compat/ctest-run.sh ${KC_CLUSTER_ENV} $<TARGET_FILE:kubec>
        ${CMAKE_CURRENT_SOURCE_DIR}/compat/cases/${dir})
    set_tests_properties(compat.${dir} PROPERTIES LABELS compat
      FIXTURES_REQUIRED "cluster;compat_seed" TIMEOUT 900 RESOURCE_LOCK compat_cluster)
  endif()
endforeach()

# Long lists in flat memory (streamed page by page), checked against the oracle's output.
kc_integration_test(NAME integration.flat-memory
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration/flat-memory.sh $<TARGET_FILE:kubec> TIMEOUT 600)
kc_integration_test(NAME integration.watch-events
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration/watch-events.sh $<TARGET_FILE:kubec> TIMEOUT 120)
