from pipeline.grouping import linked_groups


def test_groups_chain_by_single_linkage_in_order_of_their_first_index():
    # 0-3 and 3-5 chain 0, 3 and 5 together though 0 and 5 are not linked; 1 and 4 pair; 2 alone
    pairs = {(0, 3), (3, 5), (1, 4)}
    assert linked_groups(6, lambda i, j: (i, j) in pairs) == [[0, 3, 5], [1, 4], [2]]
    assert linked_groups(0, lambda i, j: True) == []
