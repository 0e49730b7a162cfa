# kubec sources. Root commands beyond the core ones live in cmd/<name>.c (defining cmd_<name>,
# '-' spelled '_'); extra files of a command are listed in cmd/<name>.cmake (appending to
# KC_SOURCES). A command whose file exists is compiled in and registered (KC_HAVE_<NAME>).
set(KC_SOURCES cmd/main.c cmd/opt.c cmd/report.c cmd/client.c cmd/commands.c
  cmd/api.c cmd/config.c cmd/get.c cmd/help.c cmd/kuberc.c cmd/plugin.c cmd/version.c)
set(KC_FEATURE_COMMANDS describe create apply expose scale patch delete edit run label annotate
  exec logs attach port-forward completion shell)
set(KC_FEATURE_DEFS)
foreach(c ${KC_FEATURE_COMMANDS})
  if(EXISTS ${PROJECT_SOURCE_DIR}/cmd/${c}.c)
    list(APPEND KC_SOURCES cmd/${c}.c)
    string(MAKE_C_IDENTIFIER "${c}" cid)
    string(TOUPPER "${cid}" CID)
    list(APPEND KC_FEATURE_DEFS KC_HAVE_${CID})
    include(${PROJECT_SOURCE_DIR}/cmd/${c}.cmake OPTIONAL)
  endif()
endforeach()
