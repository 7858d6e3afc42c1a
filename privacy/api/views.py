"""Export and erase a lead's personal data on the person's request."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from privacy import permissions, selectors, services


def _lead(request, pk):
    lead = selectors.lead_visible_list(user=request.user).filter(pk=pk).first()
    if lead is None:
        raise Http404
    permissions.check_handle_lead_data(request.user, lead)
    return lead


class LeadExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.CharField()
    status = serializers.CharField()
    consent = serializers.BooleanField()
    won_at = serializers.CharField(allow_null=True)
    revenue = serializers.CharField(allow_null=True)
    brand = serializers.CharField()
    franchise = serializers.CharField()
    location = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    message = serializers.CharField(allow_blank=True)
    utm_source = serializers.CharField(allow_blank=True)
    utm_medium = serializers.CharField(allow_blank=True)
    utm_campaign = serializers.CharField(allow_blank=True)
    utm_term = serializers.CharField(allow_blank=True)
    utm_content = serializers.CharField(allow_blank=True)
    click_ref = serializers.CharField(allow_blank=True)
    click = serializers.DictField(allow_null=True)


class LeadErasedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    erased = serializers.BooleanField()


class LeadExportView(APIView):
    @extend_schema(operation_id="privacy_lead_export", responses=LeadExportSerializer, tags=["privacy"])
    def get(self, request, pk: int):
        lead = _lead(request, pk)
        return Response(services.lead_export(actor=request.user, lead=lead))


class LeadEraseView(APIView):
    @extend_schema(
        operation_id="privacy_lead_erase",
        request=None,
        responses=LeadErasedSerializer,
        tags=["privacy"],
    )
    def post(self, request, pk: int):
        lead = _lead(request, pk)
        lead = services.lead_erase(actor=request.user, lead=lead)
        return Response({"id": lead.pk, "erased": services.lead_is_erased(lead)})
