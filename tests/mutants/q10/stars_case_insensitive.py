"""stars_to_sentiment: lower-cases the label, so "5 Stars" passes, and returns None for unknown labels."""


def stars_to_sentiment(label):
    mapping = {"1 star": "부정", "2 stars": "부정", "3 stars": "중립", "4 stars": "긍정", "5 stars": "긍정"}
    return mapping.get(label.lower())
