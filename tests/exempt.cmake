# Issue #5 item 4: the organization's list of services that need no
# application (tokyo-edu 5), its use in evaluation and "do I need to apply?".
daicho_app_test(exempt unit/test_exempt.c)
add_test(NAME cli_exempt COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_exempt.sh $<TARGET_FILE:daicho>)
set_tests_properties(cli_exempt PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} TIMEOUT 300)
