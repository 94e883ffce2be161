/* PLACEHOLDER (contacts area of issue #6). */
#include "app/app_contacts.h"
#include "policy/approach.h"

AppRc app_contact_approach(App *app, long long entry_id, int *approach)
{
    (void)app, (void)entry_id;
    *approach = APPROACH_NONE;
    return APP_OK;
}
