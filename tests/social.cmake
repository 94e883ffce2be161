# Social-media accounts (issue #5 item 2; tokyo-edu 10; docs/social.md).
# The profile section, the password policy and the posting rules (pure).
add_executable(test_social_policy unit/test_social_policy.c)
target_link_libraries(test_social_policy PRIVATE daicho_testutil)
add_test(NAME unit_social_policy COMMAND test_social_policy)
set_tests_properties(unit_social_policy PROPERTIES ENVIRONMENT "DAICHO_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# The register's use cases on SQLite and PostgreSQL.
daicho_app_test(social unit/test_social_app.c)

# daicho social … end to end (CLI), and the web pages/API with the check that
# a password given to the password check reaches neither the access log nor
# the database.
add_test(NAME cli_social COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_social.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_social PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
add_test(NAME web_social COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/web/test_social_web.sh $<TARGET_FILE:daicho>)
set_tests_properties(web_social PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)

# In Chromium (playwright-core): an asset owner keeps an account, a staff user checks posts.
if(DAICHO_NODE)
  add_test(NAME browser_social COMMAND ${DAICHO_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/social.mjs $<TARGET_FILE:daicho>)
else()
  add_test(NAME browser_social COMMAND sh -c "echo 'SKIP: node is missing'; exit 77")
endif()
set_tests_properties(browser_social PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/browser-screenshots/social")
