# Contact charts of ledger entries (issue #6 item 1; docs/contacts.md).
# The profile section, the chart document's parser and the check (pure).
add_executable(test_contact_doc unit/test_contact_doc.c)
target_link_libraries(test_contact_doc PRIVATE daicho_testutil)
add_test(NAME unit_contact_doc COMMAND test_contact_doc)
set_tests_properties(unit_contact_doc PROPERTIES ENVIRONMENT "DAICHO_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# The use cases on SQLite and PostgreSQL: who may save, versions, review,
# the due list on both sides of the interval, the approach.
daicho_app_test(contact unit/test_contact_app.c)

# daicho contacts … end to end (CLI), and the pages/API (access, CSRF,
# escaping, print, CSV).
add_test(NAME cli_contacts COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_contacts.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_contacts PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
add_test(NAME web_contacts COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/web/test_contacts_web.sh $<TARGET_FILE:daicho>)
set_tests_properties(web_contacts PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)

# In Chromium (playwright-core): the administrator saves a chart with the plain form.
if(DAICHO_NODE)
  add_test(NAME browser_contacts COMMAND ${DAICHO_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/contacts.mjs $<TARGET_FILE:daicho>)
else()
  add_test(NAME browser_contacts COMMAND sh -c "echo 'SKIP: node is missing'; exit 77")
endif()
set_tests_properties(browser_contacts PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/browser-screenshots/contacts")
