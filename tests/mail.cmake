# Mail-delivery policies and consent (issue #5 item 3; docs/mail.md).
# Loader and the tokyo-edu section (unit), the use cases on SQLite and
# PostgreSQL (app), the CLI, and the pages over HTTP.
add_executable(test_mail_loader ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_mail_loader.c)
target_link_libraries(test_mail_loader PRIVATE daicho_testutil)
add_test(NAME unit_mail_loader COMMAND test_mail_loader)
set_tests_properties(unit_mail_loader PROPERTIES ENVIRONMENT "DAICHO_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

daicho_app_test(mail ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_mail.c)

add_test(NAME cli_mail COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_mail.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_mail PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)

add_test(NAME web_mail COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/web/test_mail_web.sh $<TARGET_FILE:daicho>)
set_tests_properties(web_mail PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
