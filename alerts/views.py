"""/alertes/: subscribe (double opt-in), confirm, unsubscribe. Not in the public page cache (the
pages carry a CSRF token or a personal link: ``caching.middleware.EXCLUDED_PREFIXES``)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from geo.places import resolve_place
from projects.filters import filter_querystring

from . import services, tokens
from .forms import AlertForm
from .models import Subscription


def _accepts_post(view):
    view.accepts_post = True  # catalogue.middleware.PublicMethodsMiddleware lets POST through
    return view


def _initial(request):
    """The criteria the page was opened with: the list's filters, and a commune and radius."""
    criteria = filter_querystring(request.GET, drop=("tri",))
    initial: dict[str, object] = {"criteres": criteria}
    place = None
    lieu, insee = request.GET.get("lieu", "")[:100], request.GET.get("commune", "")[:5]
    if lieu or insee:
        place = resolve_place(lieu, insee)
        if place.commune is not None:
            initial["commune"] = place.commune.insee_code
            try:
                initial["rayon"] = max(1, min(int(request.GET.get("rayon", "30")), 300))
            except ValueError:
                initial["rayon"] = 30
    return initial, place


def _described(form):
    """The criteria of a form in words, as the mails will say them."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
    subscription = Subscription(criteria=data.get("criteres", ""), radius_km=data.get("rayon"))
    commune = data.get("near_commune")
    if commune is None and data.get("commune"):
        commune = resolve_place("", data["commune"]).commune
    subscription.near_commune = commune
    if commune is None:
        subscription.radius_km = None
    return services.describe(subscription)


@_accepts_post
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.subscribe(
                    email=data["email"],
                    criteria=data["criteres"],
                    commune=data["near_commune"],
                    radius_km=data["rayon"] if data["near_commune"] else None,
                    frequency=data["frequency"],
                    language=translation.get_language() or "fr",
                )
            except services.TooManyRequests:
                form.add_error(
                    "email",
                    _(
                        "Plusieurs demandes attendent déjà une confirmation pour cette adresse : confirmez-les, ou "
                        "réessayez demain."
                    ),
                )
            else:
                return redirect("alerts:sent")
        status = 400
        place = None
    else:
        initial, place = _initial(request)
        form = AlertForm(initial=initial)
        status = 200
    context = {"form": form, "criteria_text": _described(form), "place": place, "list_url": _list_url(form)}
    return render(request, "alerts/subscribe.html", context, status=status)


def _list_url(form):
    data = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
    criteria = data.get("criteres", "") if isinstance(data, dict) else ""
    url = reverse("projects:list")
    return f"{url}?{criteria}" if criteria else url


def sent(request):
    return render(request, "alerts/sent.html")


def _token_problem(request, error):
    if isinstance(error, tokens.Expired):
        message = _("Ce lien de confirmation a expiré. Vous pouvez refaire la demande : elle ne prend qu'une minute.")
    elif isinstance(error, services.NotFound):
        message = _("Cette alerte n'existe plus : elle a été désabonnée, ou effacée faute de confirmation.")
    else:
        message = _("Ce lien n'est pas valide : copiez-le en entier depuis le courriel, sans le modifier.")
    return render(
        request,
        "alerts/problem.html",
        {"message": message},
        status=400 if not isinstance(error, services.NotFound) else 404,
    )


@_accepts_post
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (link scanners in mailboxes open links: they must not confirm); POST confirms."""
    try:
        data = tokens.read_confirmation_token(token)
        subscription = services._subscription_of(data)
    except (tokens.Expired, tokens.Invalid, services.NotFound) as error:
        return _token_problem(request, error)
    if request.method == "POST":
        subscription, first_time = services.confirm(token)
        return render(
            request,
            "alerts/confirmed.html",
            {
                "subscription": subscription,
                "first_time": first_time,
                "criteria_text": services.describe(subscription),
                "unsubscribe_url": reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)]),
            },
        )
    return render(
        request,
        "alerts/confirm.html",
        {"subscription": subscription, "criteria_text": services.describe(subscription)},
    )


@_accepts_post
@csrf_exempt  # RFC 8058: mail clients POST « List-Unsubscribe=One-Click »; the signed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscription = services.subscription_for_unsubscribe(token)
    except services.NotFound:
        return render(request, "alerts/unsubscribed.html", {"already": True})
    except tokens.Invalid as error:
        return _token_problem(request, error)
    if request.method == "POST":
        subscription.delete()
        return render(request, "alerts/unsubscribed.html", {"already": False})
    return render(
        request,
        "alerts/unsubscribe.html",
        {"subscription": subscription, "criteria_text": services.describe(subscription)},
    )
