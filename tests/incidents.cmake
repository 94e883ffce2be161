# Issue #6 (incidents): tests are added by this area's owner.
