app_name = "contacts"

urlpatterns = []
