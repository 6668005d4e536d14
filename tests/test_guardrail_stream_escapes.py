"""The stream masking property with escaped digits and dodged emails, in its own file so that the scheduler can
give it and tests/test_guardrail_stream_properties.py (where its texts and helpers live, for
scripts/stream_property_faults.py) to different workers: together they were the suite's longest file."""
from tests.test_guardrail_stream_properties import NOT_YET_JOINED, _stream_differences, escaped_texts, sampled


def test_streamed_masking_equals_whole_text_masking_with_escapes_and_dodged_emails():
    """Property: joined development messages with escaped digits (and, every other one, dodged emails),
    streamed three ways, are masked exactly like the whole text."""
    assert not _stream_differences(sampled(escaped_texts()))


def test_the_same_property_with_the_newest_set_joined():
    """The property above streams every set's messages once no set is left out (NOT_YET_JOINED empty): its texts
    are then those with no set left out, so they are not streamed a second time here."""
    assert NOT_YET_JOINED == () and escaped_texts() == escaped_texts(skip=())
