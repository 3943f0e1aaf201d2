"""The names of the portal's roles (Django groups), the vocabulary every floor shares: the
notifications say which roles an event concerns; ``accounts.roles`` holds what the roles may do."""

# Group names are data shown to staff in the admin, so they are Chinese, as staff call them.
STAFF = "工委工作人员"
DEPUTY = "人大代表"
COUNCIL_MEMBER = "议政会成员"
DEPARTMENT_CONTACT = "责任科室联系人"
STATION_MANAGER = "站点管理员"

ALL = (STAFF, DEPUTY, COUNCIL_MEMBER, DEPARTMENT_CONTACT, STATION_MANAGER)
