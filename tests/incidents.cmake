# Incident reports (issue #6 item 2; docs/incidents.md).
# The profile section and the state machine (pure).
add_executable(test_incident_policy unit/test_incident_policy.c)
target_link_libraries(test_incident_policy PRIVATE daicho_testutil)
add_test(NAME unit_incident_policy COMMAND test_incident_policy)
set_tests_properties(unit_incident_policy PROPERTIES ENVIRONMENT "DAICHO_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# The use cases on SQLite and PostgreSQL (each rule with its clause, nothing
# written on refusal, notifications, the social playbook link).
daicho_app_test(incident unit/test_incident_app.c)

# daicho incident … end to end (CLI), and the web pages/API.
add_test(NAME cli_incidents COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_incidents.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_incidents PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
add_test(NAME web_incidents COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/web/test_incidents_web.sh $<TARGET_FILE:daicho>)
set_tests_properties(web_incidents PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)

# In Chromium (playwright-core): a staff user reports, the receiver role takes it to closed.
if(DAICHO_NODE)
  add_test(NAME browser_incidents COMMAND ${DAICHO_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/incidents.mjs $<TARGET_FILE:daicho>)
else()
  add_test(NAME browser_incidents COMMAND sh -c "echo 'SKIP: node is missing'; exit 77")
endif()
set_tests_properties(browser_incidents PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/browser-screenshots/incidents")
