from tests.authz.matrix import Case, expect

# Franchisor admins and the lead's franchise owners; others who see the lead get 403, the rest 404.
F1 = expect(403, franchisor=200, franchisee=200, franchisee2=404)
F2 = expect(403, franchisor=200, franchisee=404, franchisee2=200, region=404)
FOREIGN = expect(404)

OPERATIONS = {
    ("GET", "/api/v1/privacy/leads/{id}/export/"): [
        Case(F1, target="privacy_lead_F1", label="lead of F1"),
        Case(F2, target="privacy_lead_F2", label="lead of F2"),
        Case(FOREIGN, target="privacy_lead_B", label="lead of another brand"),
    ],
    ("POST", "/api/v1/privacy/leads/{id}/erase/"): [
        Case(F1, target="privacy_lead_F1", label="lead of F1"),
        Case(F2, target="privacy_lead_F2", label="lead of F2"),
        Case(FOREIGN, target="privacy_lead_B", label="lead of another brand"),
    ],
}
