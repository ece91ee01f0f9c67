//! What a link between two items means, in words from either side. A link is stored once,
//! from the item it was made on to the other, with its relation; each side reads it in
//! its own words: an extradition request linked to its indictment is "Based on" it, and
//! the indictment, seen from its side, is the "Basis of" the request.

/// A relation the program knows, with its words from each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relation {
    /// The stored word (what `counterpart link --relation` takes).
    pub value: &'static str,
    /// How the link form offers it, on the item the link is made from.
    pub label: &'static str,
    /// The same in Chinese (the window in Chinese).
    pub label_zh: &'static str,
    /// The other item, as the item the link was made from sees it.
    pub from_side: &'static str,
    /// The item the link was made from, as the other item sees it.
    pub to_side: &'static str,
    /// The same two in Chinese (a brief's en-zh).
    pub from_side_zh: &'static str,
    pub to_side_zh: &'static str,
}

/// The relations offered when linking, the first the default.
pub const RELATIONS: [Relation; 4] = [
    Relation {
        value: "related",
        label: "Related",
        label_zh: "相关",
        from_side: "Related to",
        to_side: "Related to",
        from_side_zh: "相关",
        to_side_zh: "相关",
    },
    Relation {
        value: "indictment",
        label: "Indictment (for an extradition request)",
        label_zh: "起诉案件（引渡请求所依据）",
        from_side: "Based on",
        to_side: "Basis of",
        from_side_zh: "依据",
        to_side_zh: "系其依据",
    },
    Relation {
        value: "extradition request",
        label: "Extradition request (based on this indictment)",
        label_zh: "引渡请求（依据本起诉案件）",
        from_side: "Basis of",
        to_side: "Based on",
        from_side_zh: "系其依据",
        to_side_zh: "依据",
    },
    Relation {
        value: "covered by commitment",
        label: "Covered by commitment",
        label_zh: "纳入工作组承诺事项",
        from_side: "Covered by",
        to_side: "Covers",
        from_side_zh: "纳入",
        to_side_zh: "涵盖",
    },
];

/// The words for a link seen from one of its items: `outgoing` when the link was made
/// from it. A relation typed in freely reads as typed from its own side, and as linked
/// by the other item from the other.
pub fn relation_words(relation: &str, outgoing: bool) -> String {
    words(relation, outgoing, false)
}

/// [`relation_words`] in Chinese, for a brief's en-zh.
pub fn relation_words_zh(relation: &str, outgoing: bool) -> String {
    words(relation, outgoing, true)
}

fn words(relation: &str, outgoing: bool, zh: bool) -> String {
    match (RELATIONS.iter().find(|r| r.value == relation), outgoing) {
        (Some(r), true) => if zh { r.from_side_zh } else { r.from_side }.to_owned(),
        (Some(r), false) => if zh { r.to_side_zh } else { r.to_side }.to_owned(),
        (None, true) => relation.to_owned(),
        (None, false) if zh => format!("关联（“{relation}”）"),
        (None, false) => format!("Linked from it as “{relation}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_reads_the_link_in_its_own_words() {
        assert_eq!(relation_words("indictment", true), "Based on");
        assert_eq!(relation_words("indictment", false), "Basis of");
        assert_eq!(relation_words("extradition request", true), "Basis of");
        assert_eq!(relation_words("extradition request", false), "Based on");
        assert_eq!(relation_words("covered by commitment", false), "Covers");
        assert_eq!(relation_words("related", false), "Related to");
        assert_eq!(relation_words("same shipment", true), "same shipment");
        assert_eq!(
            relation_words("same shipment", false),
            "Linked from it as “same shipment”"
        );
        assert_eq!(relation_words_zh("indictment", true), "依据");
        assert_eq!(relation_words_zh("indictment", false), "系其依据");
    }
}
