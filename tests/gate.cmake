# The gate before operation (issue #6 item 3; kitakyushu-cloud 3.3③④; docs/gate.md).
# The profile section and the pure check of what is missing.
add_executable(test_gate_policy unit/test_gate_policy.c)
target_link_libraries(test_gate_policy PRIVATE daicho_testutil)
add_test(NAME unit_gate_policy COMMAND test_gate_policy)
set_tests_properties(unit_gate_policy PROPERTIES ENVIRONMENT "DAICHO_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# The use cases on SQLite and PostgreSQL.
daicho_app_test(gate unit/test_gate_app.c)

# daicho gate … end to end (CLI), and the panel, the pages and the API over HTTP.
add_test(NAME cli_gate COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_gate.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_gate PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
add_test(NAME web_gate COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/web/test_gate_web.sh $<TARGET_FILE:daicho>)
set_tests_properties(web_gate PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
