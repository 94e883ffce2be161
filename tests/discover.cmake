# Discovery of unapproved services (issue #5 item 5): parsers and matcher,
# the use cases on both backends, the CLI on a generated Squid log with
# known answers, and the upload page over HTTP.
add_executable(test_discover_parse unit/test_discover_parse.c)
target_link_libraries(test_discover_parse PRIVATE daicho_testutil daicho_domain)
add_test(NAME unit_discover_parse COMMAND test_discover_parse)
# The in-memory tally of a run (src/domain/discover_tally.h), without a database.
add_executable(test_discover_tally unit/test_discover_tally.c)
target_link_libraries(test_discover_tally PRIVATE daicho_testutil daicho_domain)
add_test(NAME unit_discover_tally COMMAND test_discover_tally)

daicho_app_test(discover unit/test_discover_app.c)

add_test(NAME cli_discover COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_discover.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_discover PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)

add_test(NAME web_discover COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/web/test_discover_web.sh $<TARGET_FILE:daicho>)
set_tests_properties(web_discover PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
