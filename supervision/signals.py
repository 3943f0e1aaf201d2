"""What other apps may hear from supervision without supervision knowing them (the floors import
one way: liaison hears that the item its citizen's opinion became is answered)."""

from django.dispatch import Signal

# Sent inside the reply's transaction, with item= and reply=.
item_replied = Signal()
