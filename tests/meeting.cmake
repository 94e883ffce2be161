# The web-meeting planner (issue #5 item 1; docs/meetings.md).
add_executable(test_meeting unit/test_meeting.c)
target_link_libraries(test_meeting PRIVATE daicho_testutil)
add_test(NAME unit_meeting COMMAND test_meeting)
set_tests_properties(unit_meeting PROPERTIES ENVIRONMENT "DAICHO_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# The CLI: exit codes, text and JSON, saving (tests/cli/test_meeting.sh).
add_test(NAME cli_meeting COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_meeting.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_meeting PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

# Saving and reading plans on SQLite and PostgreSQL (audited, all or nothing).
daicho_app_test(meeting_app unit/test_meeting_app.c)

# The planner in Chromium (playwright-core): 6.4(1), recording → 6.2(1)④, save, print.
if(DAICHO_NODE)
  add_test(NAME web_browser_meeting COMMAND ${DAICHO_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/meeting.mjs $<TARGET_FILE:daicho>)
else()
  add_test(NAME web_browser_meeting COMMAND sh -c "echo 'SKIP: node is missing (scripts/web-test-deps.sh installs it)'; exit 77")
endif()
set_tests_properties(web_browser_meeting PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77
  ENVIRONMENT "SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/browser-screenshots")
