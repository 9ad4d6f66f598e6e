from ninja import Router

router = Router(tags=["housing_queue"])
