"""Pages of the budgets app under /budgets/."""

from django.urls import path

from budgets.views import closing, franchisee, leads, pools, rounds, simulator

urlpatterns = [
    path("", pools.home, name="budgets-home"),
    path("pools/", pools.pool_list, name="budgets-pools"),
    path("pools/<int:pk>/", pools.pool_detail, name="budgets-pool"),
    path("pools/<int:pk>/keywords/", pools.keyword_add, name="budgets-keyword-add"),
    path("pools/<int:pk>/keywords/import/", pools.keyword_import, name="budgets-keyword-import"),
    path("pools/<int:pk>/costs/import/", pools.cost_import, name="budgets-cost-import"),
    path("pools/<int:pk>/rounds/", pools.round_open, name="budgets-round-open"),
    path("pools/<int:pk>/top-up/", pools.top_up, name="budgets-top-up"),
    path("pools/<int:pk>/ledger/", pools.ledger_view, name="budgets-ledger"),
    path("rounds/<int:pk>/", rounds.round_detail, name="budgets-round"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="budgets-round-close"),
    path("pledges/<int:pk>/", rounds.pledge_answer, name="budgets-pledge"),
    path("mine/", franchisee.my_budget, name="budgets-mine"),
    path("franchises/<int:pk>/close/", closing.franchise_close, name="budgets-franchise-close"),
    path("leads/", leads.lead_list, name="budgets-leads"),
    path("leads/<int:pk>/", leads.lead_detail, name="budgets-lead"),
    path("simulator/", simulator.pooling_simulator, name="budgets-simulator"),
]
