"""Word lists for the generated table: product names and comment sentences (no people)."""

from __future__ import annotations

ADJECTIVES = (
    "Ergonomic", "Rustic", "Sleek", "Intelligent", "Gorgeous", "Incredible", "Practical",
    "Fantastic", "Refined", "Handcrafted", "Durable", "Lightweight", "Awesome", "Generic",
    "Licensed", "Modern", "Compact", "Premium", "Recycled", "Small", "Large", "Unbranded",
    "Heavy Duty", "Elegant", "Oriental", "Tasty", "Synergistic", "Mediocre", "Enormous",
    "Portable",
)  # fmt: skip
MATERIALS = (
    "Steel", "Wooden", "Concrete", "Plastic", "Cotton", "Granite", "Rubber", "Metal", "Soft",
    "Fresh", "Frozen", "Bronze", "Marble", "Leather", "Silk", "Wool", "Linen", "Aluminum",
    "Paper", "Copper", "Glass", "Bamboo",
)  # fmt: skip
PRODUCTS = (
    "Chair", "Car", "Computer", "Keyboard", "Mouse", "Bike", "Ball", "Gloves", "Pants", "Shirt",
    "Table", "Shoes", "Hat", "Towels", "Soap", "Tuna", "Chicken", "Fish", "Cheese", "Bacon",
    "Pizza", "Salad", "Sausages", "Chips", "Lamp", "Clock", "Wallet", "Bottle", "Knife", "Plate",
    "Bench", "Coat",
)  # fmt: skip

# Sentences a support agent might write about an order; {product} and {days} are filled in.
SENTENCES = (
    "The delivery arrived {days} days late and the box was damaged.",
    "Customer asked whether the {product} comes in a larger size.",
    "Refund requested because the item did not match the description.",
    "The {product} stopped working after {days} days of normal use.",
    "Asked us to change the delivery slot to the morning.",
    "Very happy with the {product} and would buy it again.",
    "The parcel was left with a neighbour without any notice.",
    "Wants to know when the {product} will be back in stock.",
    "Complained that the colour looks different from the photos on the website.",
    "The invoice shows the wrong quantity for the {product}.",
    "Requested a replacement instead of a refund for the broken part.",
    "The tracking page has not been updated for {days} days.",
    "Found a cheaper offer elsewhere and asked us to match the price.",
    "The assembly instructions for the {product} were missing from the box.",
    "Asked how to return the item without the original packaging.",
    "Payment was taken twice for the same order and needs to be reversed.",
    "Would like gift wrapping added to the next order.",
    "The {product} is smaller than expected but works fine.",
    "Courier could not find the entrance and took the parcel back to the depot.",
    "Subscription was renewed automatically and the customer wants to cancel it.",
    "No further action needed; the issue was solved on the phone.",
    "Reported a strange smell coming from the {product} on first use.",
    "Asked for a discount code after waiting {days} days for support.",
    "The order was split into two parcels and only one has arrived.",
)  # fmt: skip
EMAIL_SENTENCES = (
    "Please send the updated invoice to {email} as soon as possible.",
    "Customer asked us to reply to {email} instead of the old address.",
    "Follow up by email at {email} once the refund is processed.",
    "Send the return label to {email} please.",
)  # fmt: skip
