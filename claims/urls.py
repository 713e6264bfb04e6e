from django.urls import path

from claims import views

urlpatterns = [
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker-detail"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:pk>/", views.review_submit, name="review-submit"),
]
