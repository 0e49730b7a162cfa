# Checks of the command tree and of what kubec generates from it, and the shell integration
# tests (completion scripts in real shells, the interactive shell through tmux).
# Included from tests/CMakeLists.txt: include(lint.cmake OPTIONAL)

# label lint: no cluster needed
add_test(NAME lint.command-tree COMMAND $<TARGET_FILE:kubec> __lint)
add_test(NAME lint.man-pages
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/lint/man-pages.sh $<TARGET_FILE:kubec>)
add_test(NAME lint.completion-scripts
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/lint/completion-scripts.sh $<TARGET_FILE:kubec>)
add_test(NAME lint.help-command
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/lint/help-command.sh $<TARGET_FILE:kubec>)
set_tests_properties(lint.command-tree lint.man-pages lint.completion-scripts lint.help-command
  PROPERTIES
  LABELS lint TIMEOUT 120)

# label integration: on the shared cluster (tests/integration.cmake)
if(COMMAND kc_integration_test)
  kc_integration_test(NAME completion.bash
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/completion/bash.sh $<TARGET_FILE:kubec>)
  kc_integration_test(NAME completion.zsh
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/completion/zsh.sh $<TARGET_FILE:kubec>)
  kc_integration_test(NAME completion.shell
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/completion/shell.sh $<TARGET_FILE:kubec> TIMEOUT 600)
  # the shell test types the seed tutorial's commands (tests/compat/seed.sh)
  set_tests_properties(completion.shell PROPERTIES FIXTURES_REQUIRED "cluster;compat_seed")
  if(NOT KC_BUILD_SHELL)
    set_tests_properties(completion.shell PROPERTIES DISABLED TRUE)
  endif()
endif()
