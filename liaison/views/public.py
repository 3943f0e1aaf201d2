"""The stations' public pages: the stations, who is on duty, the opinion form and its tracking."""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from common.forms import apply_service_error
from common.qr import qr_svg

from .. import selectors, services
from ..forms import FeedbackForm, PublicOpinionForm, TrackForm
from ..models import Station, SubDistrict, normal_code


class StationPublicListView(ListView):
    """The open Homes and stations, a page at a time, narrowed to a sub-district (街道) if asked."""

    template_name = "liaison/station_public_list.html"
    context_object_name = "stations"
    paginate_by = 30

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("sub_district", "")
        self.sub_districts = list(
            SubDistrict.objects.filter(stations__is_active=True).distinct().order_by("order", "name")
        )
        self.sub_district = next((s for s in self.sub_districts if str(s.pk) == raw), None)
        if raw and self.sub_district is None:
            raise Http404  # a sub-district that is not one, or has no open station
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        stations = selectors.stations_public()
        if self.sub_district is not None:
            stations = stations.filter(sub_district=self.sub_district)
        return stations

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sub_districts": self.sub_districts,
            "sub_district": self.sub_district,
            "query": urlencode({"sub_district": self.sub_district.pk}) if self.sub_district else "",
        }


class StationPublicView(DetailView):
    """Address, opening hours, who is on duty the next Wednesdays, and the QR code to the opinion form."""

    template_name = "liaison/station_public.html"
    context_object_name = "station"

    def get_queryset(self):
        return selectors.stations_public()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "shifts": selectors.shifts_ahead(self.object, weeks=5)}


class StationPosterView(StationPublicView):
    """The A4 poster at the station's door: its name, hours and the QR code of the opinion form."""

    template_name = "liaison/station_poster.html"

    def get_context_data(self, **kwargs):
        return DetailView.get_context_data(self, **kwargs)


class StationQRView(View):
    """An SVG QR code pointing at the station's online opinion form, for the poster at the door."""

    def get(self, request, pk):
        station = get_object_or_404(Station, pk=pk, is_active=True)
        url = request.build_absolute_uri(reverse("liaison:opinion_create") + f"?station={station.pk}")
        response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
        response["Cache-Control"] = "public, max-age=86400"
        return response


# Opinions one network may send in an hour: a station's reception day on shared Wi-Fi fits; only
# opinions received count, not a form sent back to fix a field.
OPINIONS_PER_HOUR = "30/h"


def _opinion_usage(request, increment: bool) -> dict:
    return get_usage(
        request, group="opinion-form", key="ip", rate=OPINIONS_PER_HOUR, method="POST", increment=increment
    )


class OpinionCreateView(View):
    """The public opinion form: rate-limited per address, a honeypot instead of a CAPTCHA."""

    template_name = "liaison/opinion_form.html"

    def get(self, request):
        station = request.GET.get("station", "")
        form = PublicOpinionForm(initial={"station": station} if station.isdigit() and len(station) < 19 else None)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = PublicOpinionForm(request.POST, request.FILES)
        usage = _opinion_usage(request, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            form.add_error(None, _("Too many opinions from your network in the last hour. Please try again later."))
            return render(request, self.template_name, {"form": form}, status=429)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # A bot filled the hidden field: pretend success, store nothing.
                return redirect("liaison:opinion_thanks")
            data = form.cleaned_data
            try:
                _opinion, code = services.opinion_submit_online(
                    station=data["station"],
                    category=data["category"],
                    content=data["content"],
                    name=data["citizen_name"],
                    phone=data["citizen_phone"],
                    photo=data.get("photo"),
                    location=data.get("location", ""),
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                _opinion_usage(request, increment=True)
                # The code goes through the session, not the address, so it stays out of logs.
                request.session["opinion_code"] = code
                request.session["opinion_code_at"] = time.time()
                return redirect("liaison:opinion_thanks")
        if request.FILES.get("photo") and "photo" not in form.errors:
            # A browser never fills a file field again: say so where the photo was chosen.
            form.add_error("photo", _("The photo was not kept because the form has other errors; choose it again."))
        return render(request, self.template_name, {"form": form})


CODE_KEPT_SECONDS = 30 * 60


def recent_code(session) -> str:
    """The tracking code just given, for half an hour: long enough to write it down or reload the
    page, not so long that the next person on a station's shared tablet sees it."""
    if time.time() - session.get("opinion_code_at", 0) > CODE_KEPT_SECONDS:
        session.pop("opinion_code", None)
        session.pop("opinion_code_at", None)
        return ""
    return session.get("opinion_code", "")


class OpinionThanksView(TemplateView):
    template_name = "liaison/opinion_thanks.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "code": recent_code(self.request.session)}


def opinion_status_page(request, opinion, code: str, feedback_form=None, status=200):
    """What a citizen sees of their opinion: state, answers, dates; never a name."""
    answered = selectors.opinion_is_answered(opinion)
    if feedback_form is None and answered and opinion.takes_feedback:
        feedback_form = FeedbackForm(initial={"code": code})
    code = normal_code(code)
    context = {
        **selectors.opinion_public_status(opinion),
        "code": code,
        "form": TrackForm(initial={"code": code}),
        "feedback_form": feedback_form,
    }
    return render(request, "liaison/opinion_status.html", context, status=status)


@method_decorator(ratelimit(key="ip", rate="30/h", method="POST", block=False), name="post")
class OpinionTrackView(View):
    """A citizen follows their opinion with its code: state and answers, no names at all."""

    template_name = "liaison/opinion_track.html"

    def get(self, request):
        form = TrackForm(initial={"code": recent_code(request.session)})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = TrackForm(request.POST)
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many look-ups from your network. Please try again later."))
            return render(request, self.template_name, {"form": form}, status=429)
        if form.is_valid():
            code = form.cleaned_data["code"]
            opinion = selectors.opinion_by_tracking_code(code)
            if opinion is not None:
                return opinion_status_page(request, opinion, code)
            form.add_error("code", _("There is no opinion with the tracking code “%(code)s”.") % {"code": code})
        return render(request, self.template_name, {"form": form})


@method_decorator(ratelimit(key="ip", rate="30/h", method="POST", block=False), name="post")
class OpinionFeedbackView(View):
    """The citizen rates the answer to their opinion, once, with its code."""

    def get(self, request):
        return redirect("liaison:opinion_track")

    def post(self, request):
        form = FeedbackForm(request.POST)
        code = request.POST.get("code", "")
        opinion = selectors.opinion_by_tracking_code(code) if form.is_valid() or code else None
        if getattr(request, "limited", False) or opinion is None:
            messages.error(request, _("Please look up your opinion with its tracking code first."))
            return redirect("liaison:opinion_track")
        if not form.is_valid():
            return opinion_status_page(request, opinion, code, feedback_form=form, status=400)
        try:
            services.opinion_feedback(
                opinion=opinion, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your feedback."))
        opinion.refresh_from_db()
        return opinion_status_page(request, opinion, code)
