def infobutton(request):
    raise NotImplementedError
