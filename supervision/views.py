from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.edit import FormView
from django_filters.views import FilterView

from common.files import stored_file_response
from common.forms import apply_service_error
from common.paging import CappedPaginationMixin
from common.params import year_param
from common.responses import attachment_response, download_name
from common.search import capped, highlight
from common.views import RefusedFormMixin, StaffRequiredMixin
from common.xlsx import CONTENT_TYPE as XLSX
from common.xlsx import Sheet, xlsx_response
from deputies.models import Deputy
from deputies.pickers import PeopleSearchView
from deputies.selectors import deputy_for_user
from notifications import exports as background

from . import exports, services
from .filters import ItemFilter
from .forms import (
    AcceptForm,
    AssignForm,
    CommitteeRatingForm,
    DeadlineForm,
    DeclineForm,
    DeputyRatingForm,
    HandoverForm,
    ItemForm,
    PartForm,
    ReplyForm,
    SendBackForm,
    deputies_to_name,
)
from .models import ItemEvent, SupervisionItem
from .permissions import (
    access_attachment,
    access_cosign_request,
    access_item,
    is_department_contact,
    may_edit_draft,
    may_open_source,
)
from .selectors import (
    department_summary,
    departments_without_contacts,
    handover_items,
    handovers,
    helping_department,
    item_list,
    items_visible_to,
    items_waiting_for_handover,
    parts_missing,
    parts_visible_to,
    public_item_replies,
    public_items,
)

State = SupervisionItem.State
Action = ItemEvent.Action


class ItemListView(LoginRequiredMixin, CappedPaginationMixin, FilterView):
    """The work list: what this login may see, filtered and paginated."""

    filterset_class = ItemFilter
    template_name = "supervision/item_list.html"
    paginate_by = 25

    def get_queryset(self):
        return item_list(items_visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        words = self.filterset.form.cleaned_data.get("q", "") if self.filterset.is_valid() else ""
        for item in context["page_obj"] or ():
            item.marked_title = highlight(item.title, words)
        context["search_capped"] = capped(words, context["paginator"].count)
        context["can_create"] = (
            self.request.user.is_committee_staff or Deputy.objects.filter(user=self.request.user).exists()
        )
        return context


class ItemDetailView(LoginRequiredMixin, TemplateView):
    """An item, its timeline, replies and ratings, and the forms for the steps this login may take."""

    template_name = "supervision/item_detail.html"

    def get_item(self):
        return access_item(self.request.user, self.kwargs["pk"])

    def action_forms(self, item) -> dict:
        user = self.request.user
        deputy = deputy_for_user(user)
        is_lead_contact = is_department_contact(user, item.lead_department)
        forms = {}
        if item.state in SupervisionItem.EDITABLE and may_edit_draft(item, user):
            forms["can_edit"] = True
        if user.is_committee_staff and item.state == State.SUBMITTED:
            forms.update(
                accept_form=AcceptForm(),
                send_back_form=SendBackForm(),
                decline_form=DeclineForm(),
                assign_form=AssignForm(),
            )
        if item.state in (State.SENT_BACK, State.DECLINED):
            # Why the committee returned or declined it, where the deputy looks first.
            review = [e for e in item.events.all() if e.action in (Action.SENT_BACK, Action.DECLINED, Action.SUBMITTED)]
            if review and review[-1].action != Action.SUBMITTED:
                forms["review_event"] = review[-1]
        if is_lead_contact and item.state == State.ASSIGNED:
            forms["can_receive"] = True
        if is_lead_contact and item.state == State.HANDLING:
            missing = parts_missing(item)
            forms.update(reply_form=ReplyForm(parts_missing=missing), parts_missing=missing)
        helping = helping_department(user, item)
        if helping is not None and item.state in SupervisionItem.OPEN_FOR_DEPARTMENT:
            forms.update(part_form=PartForm(), part_department=helping)
        forms["parts"] = parts_visible_to(user, item)
        if deputy and item.lead_deputy_id == deputy.pk and item.state == State.REPLIED:
            forms["rating_form"] = DeputyRatingForm()
        if user.is_committee_staff and (
            item.state == State.RATED or (item.state == State.REPLIED and item.lead_deputy_id is None)
        ):
            forms["committee_form"] = CommitteeRatingForm()
        if user.is_committee_staff and item.state in SupervisionItem.OPEN_FOR_DEPARTMENT:
            forms["deadline_form"] = DeadlineForm(initial={"deadline": item.deadline})
        if user.is_committee_staff and item.replies.all():
            forms["can_publish"] = True
        if deputy and item.state in SupervisionItem.EDITABLE:
            forms["my_cosign_request"] = next(
                (r for r in item.cosign_requests.all() if r.deputy_id == deputy.pk and r.state == "pending"), None
            )
        return forms

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs.get("item") or self.get_item()
        context["item"] = item
        context["source_opens"] = bool(item.source_object_id) and may_open_source(self.request.user, item)
        context.update(self.action_forms(item))
        bound = kwargs.get("bound_forms") or refused_form(self.request, item)
        for key, form in bound.items():
            if context.get(key):
                context[key] = form
            else:  # a step this login is not offered (a forged post): its errors at the top
                messages.error(self.request, " ".join(m for ms in form.errors.values() for m in ms))
        return context


class ItemActionView(ItemDetailView):
    """POST one step on an item: bind the form, call the service, show errors at their fields.

    Success or not, the browser goes back to the item's page (post/redirect/get): a refresh never
    posts again, and the address is the item's. A refused form is kept in the session for that one
    page view and shown again with its errors at its fields (files are not kept: the form asks for
    them again)."""

    form_class = None
    form_key = ""
    success_message = ""
    steps: dict = {}  # form_key → the view of that step, to rebuild its form on the item's page

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.form_key:
            ItemActionView.steps[cls.form_key] = cls

    def get(self, request, *args, **kwargs):
        return redirect("supervision:item_detail", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        form = self.form_class(request.POST, request.FILES, **self.form_kwargs(item)) if self.form_class else None
        if form is None or form.is_valid():
            try:
                self.act(item, form.cleaned_data if form else {})
            except ValidationError as error:
                if form is None:
                    messages.error(request, " ".join(error.messages))
                    return redirect(item)
                apply_service_error(form, error)
            else:
                messages.success(request, self.success_message)
                self.after_success(item)
                return redirect(item)
        # On a phone the form may be screens below: say at the top that something needs fixing.
        messages.error(request, _("Not done: see the marked fields below."))
        request.session[refused_form_key(item)] = {
            "step": self.form_key,
            "data": {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"},
            "errors": form.errors.get_json_data(),
            "had_files": bool(request.FILES),
        }
        return redirect(f"{item.get_absolute_url()}#{self.form_key}")

    def form_kwargs(self, item) -> dict:
        return {}

    def act(self, item, data):
        raise NotImplementedError

    def after_success(self, item) -> None:
        pass


def refused_form_key(item) -> str:
    return f"supervision:refused-form:{item.pk}"


def refused_form(request, item) -> dict:
    """The step's form a POST just refused, bound again with what was typed and its errors."""
    stored = request.session.pop(refused_form_key(item), None)
    step = ItemActionView.steps.get(stored.get("step")) if isinstance(stored, dict) else None
    if step is None:
        return {}
    view = step()
    view.setup(request, pk=item.pk)
    data = QueryDict(mutable=True)
    for key, values in stored["data"].items():
        data.setlist(key, values)
    form = step.form_class(data, **view.form_kwargs(item))
    form.full_clean()
    for field, errors in stored["errors"].items():
        name = field if field in form.fields else None
        for error in errors:
            if error["message"] not in form.errors.get(field or NON_FIELD_ERRORS, []):
                form.add_error(name, error["message"])
    if stored["had_files"]:
        for name, field in form.fields.items():
            if isinstance(field, forms.FileField):
                form.add_error(name, _("Choose the files again: they are not kept when a form is refused."))
    return {step.form_key: form}


def warn_without_contacts(request, items) -> None:
    """Handing work to a department nobody can log in for is allowed (the login may come later),
    but staff are told at once."""
    missing = departments_without_contacts(items)
    if missing:
        messages.warning(
            request,
            _("%(names)s have no contact login yet: nobody there can receive the item. Add one under 用户.")
            % {"names": "、".join(d.name for d in missing)},
        )


class ItemSubmitView(ItemActionView):
    success_message = _("Submitted to the committee.")

    def act(self, item, data):
        services.item_submit(item=item, by=self.request.user)


class ItemAcceptView(ItemActionView):
    form_class = AcceptForm
    form_key = "accept_form"
    success_message = _("Accepted; it waits for the hand-over meeting.")

    def act(self, item, data):
        services.item_accept(item=item, by=self.request.user, **data)

    def after_success(self, item) -> None:
        warn_without_contacts(self.request, [item])


class ItemSendBackView(ItemActionView):
    form_class = SendBackForm
    form_key = "send_back_form"
    success_message = _("Returned to the deputy for revision.")

    def act(self, item, data):
        services.item_send_back(item=item, by=self.request.user, reason=data["reason"])


class ItemDeclineView(ItemActionView):
    form_class = DeclineForm
    form_key = "decline_form"
    success_message = _("Not accepted; the deputy reads the reason.")

    def act(self, item, data):
        services.item_decline(item=item, by=self.request.user, reason=data["reason"])


class ItemAssignView(ItemActionView):
    form_class = AssignForm
    form_key = "assign_form"
    success_message = _("Assigned to the department.")

    def after_success(self, item) -> None:
        warn_without_contacts(self.request, [item])

    def act(self, item, data):
        services.item_assign(item=item, by=self.request.user, **data)


class ItemReceiveView(ItemActionView):
    success_message = _("Received; the item is being handled.")

    def act(self, item, data):
        services.item_start_handling(item=item, by=self.request.user)


class ItemReplyView(ItemActionView):
    form_class = ReplyForm
    form_key = "reply_form"
    success_message = _("Reply sent.")

    def form_kwargs(self, item) -> dict:
        return {"parts_missing": parts_missing(item)}

    def act(self, item, data):
        services.item_reply(
            item=item,
            by=self.request.user,
            content=data["content"],
            category=data["category"],
            category_reason=data["category_reason"],
            missing_parts_note=data.get("missing_parts_note", ""),
            files=data["files"],
        )


class ItemPartView(ItemActionView):
    form_class = PartForm
    form_key = "part_form"
    success_message = _("Your part is sent to the lead department.")

    def act(self, item, data):
        department = helping_department(self.request.user, item)
        if department is None:
            raise ValidationError(_("Only a contact of an assisting or jointly handling department can send a part."))
        services.item_part_reply(item=item, by=self.request.user, department=department, content=data["content"])


class ItemRateView(ItemActionView):
    form_class = DeputyRatingForm
    form_key = "rating_form"
    success_message = _("Thank you: your rating is recorded.")

    def act(self, item, data):
        services.item_rate_by_deputy(item=item, by=self.request.user, rating=data["rating"], comment=data["comment"])


class ItemEvaluateView(ItemActionView):
    form_class = CommitteeRatingForm
    form_key = "committee_form"
    success_message = _("The committee's rating is recorded.")

    def act(self, item, data):
        services.item_rate_by_committee(item=item, by=self.request.user, **data)


class ItemDeadlineView(ItemActionView):
    form_class = DeadlineForm
    form_key = "deadline_form"
    success_message = _("Deadline changed.")

    def act(self, item, data):
        services.item_change_deadline(item=item, by=self.request.user, **data)


class ItemPublishView(ItemActionView):
    success_message = _("Publication updated.")

    def act(self, item, data):
        services.item_set_public(item=item, by=self.request.user, public=self.request.POST.get("public") == "1")


class CoSignAnswerView(LoginRequiredMixin, View):
    """POST: the deputy asked agrees to co-sign a suggestion, or declines."""

    def post(self, request, pk, decision):
        if decision not in ("agree", "decline"):
            raise Http404
        invitation = access_cosign_request(request.user, pk)
        try:
            services.cosign_answer(request=invitation, by=request.user, agree=decision == "agree")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            own = invitation.deputy.user_id == request.user.pk
            if decision == "agree":
                text = _("You co-sign this suggestion.") if own else _("%(name)s's consent is recorded.")
            else:
                text = _("You declined to co-sign.") if own else _("%(name)s's refusal is recorded.")
            messages.success(request, text % {"name": invitation.deputy.name} if not own else text)
        return redirect(invitation.item)


class DeputySearchView(PeopleSearchView):
    """The lead-deputy and co-signer pickers: deputies in office, for those who may file an item."""

    def get_queryset(self):
        user = self.request.user
        own = deputy_for_user(user)
        if not (user.is_committee_staff or own):
            raise PermissionDenied
        deputies = deputies_to_name()
        return deputies.exclude(pk=own.pk) if own else deputies


class ItemFormView(LoginRequiredMixin, RefusedFormMixin, FormView):
    """File a suggestion (deputies) or any item (staff); save as a draft or submit at once."""

    form_class = ItemForm
    template_name = "supervision/item_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.deputy = deputy_for_user(request.user)
            if not (request.user.is_committee_staff or self.deputy):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            item = self.save(form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
            return self.form_invalid(form)
        if "submit" in self.request.POST:
            try:
                item = services.item_submit(item=item, by=self.request.user)
            except ValidationError as error:
                # The draft is saved; say on its page why it cannot go yet (e.g. a co-signer has not answered).
                messages.warning(self.request, _("Saved as a draft.") + " " + " ".join(error.messages))
                return redirect(item)
        messages.success(
            self.request, _("Submitted to the committee.") if item.state == State.SUBMITTED else _("Saved as a draft.")
        )
        return redirect(item)

    def save(self, data):
        return services.item_create(
            created_by=self.request.user,
            kind=data.get("kind") or SupervisionItem.Kind.DEPUTY_SUGGESTION,
            lead_deputy=data.get("lead_deputy") or self.deputy,
            title=data["title"],
            content=data["content"],
            period=data.get("period") or "",
            co_signers=data["co_signers"],
            files=data["files"],
        )


class ItemUpdateView(ItemFormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = access_item(request.user, kwargs["pk"])
            if self.item.state not in SupervisionItem.EDITABLE or not may_edit_draft(self.item, request.user):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.item.state == State.SENT_BACK:  # revise with the committee's reason in sight
            context["sent_back"] = self.item.events.filter(action=Action.SENT_BACK).order_by("-at", "-pk").first()
        return context

    def save(self, data):
        return services.item_update_draft(
            item=self.item,
            by=self.request.user,
            title=data["title"],
            content=data["content"],
            period=data.get("period") or "",
            co_signers=data["co_signers"],
            files=data["files"],
        )


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Files are never served from a public URL; each download checks who asks."""

    def get(self, request, pk):
        attachment = access_attachment(request.user, pk)
        return stored_file_response(attachment.file, label=attachment.name, content_type=attachment.content_type)


class ItemExportView(StaffRequiredMixin, View):
    """The filtered work list as an Excel sheet: the problem list or the work list."""

    def get(self, request, sheet):
        if sheet not in exports.SHEETS:
            raise Http404
        rows = exports.work_items(request.GET).count()
        if rows > background.AT_ONCE:  # too long to wait for: offer to make it in the background
            return background.offer(request, f"supervision-{sheet}", rows, back=reverse("supervision:item_list"))
        filename, content = exports.workbook_of(sheet, request.GET)
        return attachment_response(content, filename, XLSX)


class DepartmentSummaryView(StaffRequiredMixin, TemplateView):
    """Per department: assigned, replied on time, satisfaction, second handlings, overdue."""

    template_name = "supervision/department_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = year_param(self.request, default=today.year)
        context.update(
            year=year,
            years=range(today.year, today.year - 6, -1),
            rows=department_summary(year=year),
        )
        return context


class HandoverCreateView(StaffRequiredMixin, RefusedFormMixin, FormView):
    """Record a 交办会: the accepted items it handed over, each to its department, in one step."""

    form_class = HandoverForm
    template_name = "supervision/handover_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": items_waiting_for_handover()}

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            handover = services.items_hand_over(
                by=self.request.user,
                items=data["items"],
                name=data["name"],
                held_on=data["held_on"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Handed over; the departments see their items now."))
        warn_without_contacts(self.request, data["items"])
        return redirect(handover)


class HandoverListView(StaffRequiredMixin, CappedPaginationMixin, ListView):
    template_name = "supervision/handover_list.html"
    context_object_name = "handovers"
    paginate_by = 25

    def get_queryset(self):
        return handovers()


class HandoverDetailView(StaffRequiredMixin, DetailView):
    """The hand-over sheet (交办单) of one meeting: printable, one row per item."""

    template_name = "supervision/handover_detail.html"
    context_object_name = "handover"

    def get_queryset(self):
        return handovers()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "items": handover_items(self.object)}


class DepartmentSummaryExportView(StaffRequiredMixin, View):
    """The department summary as an Excel sheet: the same figures as the page."""

    def get(self, request):
        year = year_param(request, default=timezone.localdate().year)
        rows = department_summary(year=year)
        headers = [
            _("department"),
            _("assigned"),
            _("replied"),
            _("on time"),
            "A",
            "B",
            "C",
            _("rated"),
            _("second handlings"),
            _("overdue now"),
            _("closed"),
        ]
        sheet = Sheet(
            title=str(_("Handling by department")),
            headers=[str(h) for h in headers],
            rows=[
                [
                    r["department"].name,
                    r["assigned"],
                    r["replied"],
                    r["on_time"],
                    r["category_a"],
                    r["category_b"],
                    r["category_c"],
                    r["rated"],
                    r["second"],
                    r["overdue"],
                    r["closed"],
                ]
                for r in rows
            ],
            heading=str(_("Handling by department, %(year)s") % {"year": year}),
        )
        return xlsx_response([sheet], download_name(str(_("Handling by department")), str(year), extension="xlsx"))


class PublicItemListView(ListView):
    """Suggestions and their answers that staff chose to publish; no names."""

    template_name = "supervision/public_list.html"
    context_object_name = "items"
    paginate_by = 20

    def get_queryset(self):
        return public_items()


class PublicItemDetailView(DetailView):
    template_name = "supervision/public_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return public_items()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "replies": public_item_replies(self.object)}
