from . import test_normalize
from . import test_matching
from . import test_merge_values
from . import test_install
from . import test_demo_data
from . import test_similar_leads
from . import test_merge
from . import test_merge_concurrency
