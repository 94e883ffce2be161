# Issue #6 (contacts): tests are added by this area's owner.
