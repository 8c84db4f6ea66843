app_name = "directorates"

urlpatterns = []
