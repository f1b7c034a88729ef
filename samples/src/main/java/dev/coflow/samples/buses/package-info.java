/**
 * Coroutines and event dispatching, as in Beazley's course: the JDK's SAX parser turns an XML document
 * of bus positions into events (start of an element, a piece of text, end of an element) that a plain
 * {@code DefaultHandler} sends into a coroutine pipeline: {@code busesToDicts} rebuilds each bus as a map,
 * two {@code filterOnField} coroutines keep one route and one direction, and {@code busLocations} prints.
 * The {@code --generate} mode streams a generated document of a million buses through the same pipeline
 * in constant memory: the document's text comes from a generator, read through an {@code InputStream}.
 */
package dev.coflow.samples.buses;
