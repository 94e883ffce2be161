/* PLACEHOLDER (issue #5) */
typedef int placeholder_app_social;
