//! The KDL document the scenario walker reads: names, values and spans, and
//! nothing else.
//!
//! The kdl crate's document types keep what a formatter needs (each
//! entry's and node's original text, its whitespace, every identifier's
//! representation), own every string, and are ~200 bytes an entry, so
//! building one and dropping it cost more than reading the file. The fast
//! parser (`fast.rs`) builds this tree directly, its strings borrowed from
//! the file's text where they need no unescaping; a file kdl parses is
//! converted ([`Document::from_kdl`]), so both paths give the walker the
//! same thing and its diagnostics cannot tell them apart.

use std::borrow::Cow;

use kdl::{KdlDocument, KdlEntry, KdlIdentifier, KdlNode, KdlValue};
use miette::SourceSpan;

/// A document or a node's children block. Its span runs from the first
/// node to the end of the last, as kdl's does.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Document<'t> {
    nodes: Vec<Node<'t>>,
    span: SourceSpan,
}

/// A node name, property key or type annotation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ident<'t> {
    value: Cow<'t, str>,
    span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node<'t> {
    name: Ident<'t>,
    ty: Option<Ident<'t>>,
    entries: Vec<Entry<'t>>,
    children: Option<Document<'t>>,
    span: SourceSpan,
}

/// An argument (no name) or a property (`name=value`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry<'t> {
    name: Option<Ident<'t>>,
    ty: Option<Ident<'t>>,
    value: Value<'t>,
    span: SourceSpan,
}

/// A KDL value; kdl's `KdlValue` with a borrowed string.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'t> {
    String(Cow<'t, str>),
    Integer(i128),
    Float(f64),
    Bool(bool),
    Null,
}

impl<'t> Document<'t> {
    pub(crate) fn new(nodes: Vec<Node<'t>>, span: SourceSpan) -> Self {
        Document { nodes, span }
    }

    pub(crate) fn nodes(&self) -> &[Node<'t>] {
        &self.nodes
    }

    pub(crate) fn span(&self) -> SourceSpan {
        self.span
    }

    /// kdl's document, names, values and spans kept; the strings are
    /// copied, as kdl's own outlive no text.
    pub(crate) fn from_kdl(doc: &KdlDocument) -> Document<'static> {
        Document {
            nodes: doc.nodes().iter().map(Node::from_kdl).collect(),
            span: doc.span(),
        }
    }
}

impl<'t> Ident<'t> {
    pub(crate) fn new(value: Cow<'t, str>, span: SourceSpan) -> Self {
        Ident { value, span }
    }

    pub(crate) fn value(&self) -> &str {
        &self.value
    }

    pub(crate) fn span(&self) -> SourceSpan {
        self.span
    }

    fn from_kdl(id: &KdlIdentifier) -> Ident<'static> {
        Ident {
            value: Cow::Owned(id.value().to_owned()),
            span: id.span(),
        }
    }
}

impl<'t> Node<'t> {
    pub(crate) fn new(
        name: Ident<'t>,
        entries: Vec<Entry<'t>>,
        children: Option<Document<'t>>,
        span: SourceSpan,
    ) -> Self {
        Node {
            name,
            ty: None,
            entries,
            children,
            span,
        }
    }

    pub(crate) fn name(&self) -> &Ident<'t> {
        &self.name
    }

    pub(crate) fn ty(&self) -> Option<&Ident<'t>> {
        self.ty.as_ref()
    }

    pub(crate) fn entries(&self) -> &[Entry<'t>] {
        &self.entries
    }

    pub(crate) fn children(&self) -> Option<&Document<'t>> {
        self.children.as_ref()
    }

    pub(crate) fn span(&self) -> SourceSpan {
        self.span
    }

    fn from_kdl(n: &KdlNode) -> Node<'static> {
        Node {
            name: Ident::from_kdl(n.name()),
            ty: n.ty().map(Ident::from_kdl),
            entries: n.entries().iter().map(Entry::from_kdl).collect(),
            children: n.children().map(Document::from_kdl),
            span: n.span(),
        }
    }
}

impl<'t> Entry<'t> {
    pub(crate) fn new(name: Option<Ident<'t>>, value: Value<'t>, span: SourceSpan) -> Self {
        Entry {
            name,
            ty: None,
            value,
            span,
        }
    }

    pub(crate) fn name(&self) -> Option<&Ident<'t>> {
        self.name.as_ref()
    }

    pub(crate) fn ty(&self) -> Option<&Ident<'t>> {
        self.ty.as_ref()
    }

    pub(crate) fn value(&self) -> &Value<'t> {
        &self.value
    }

    pub(crate) fn span(&self) -> SourceSpan {
        self.span
    }

    fn from_kdl(e: &KdlEntry) -> Entry<'static> {
        Entry {
            name: e.name().map(Ident::from_kdl),
            ty: e.ty().map(Ident::from_kdl),
            value: Value::from_kdl(e.value()),
            span: e.span(),
        }
    }
}

impl Value<'_> {
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn from_kdl(v: &KdlValue) -> Value<'static> {
        match v {
            KdlValue::String(s) => Value::String(Cow::Owned(s.clone())),
            KdlValue::Integer(i) => Value::Integer(*i),
            KdlValue::Float(f) => Value::Float(*f),
            KdlValue::Bool(b) => Value::Bool(*b),
            KdlValue::Null => Value::Null,
        }
    }
}
