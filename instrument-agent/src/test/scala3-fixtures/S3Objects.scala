package dev.coflow.scala3fixtures

import dev.coflow.{Coroutine, Coroutines}
import scala.util.control.NonFatal

enum Shape:
  case Circle(r: Int)
  case Square(side: Int)

extension (s: String)
  @Coroutine
  def shout(): String =
    val got = Coroutines.`yield`[AnyRef]("shout " + s)
    s.toUpperCase + got

inline def yieldTwice(label: String): Unit =
  Coroutines.`yield`[AnyRef](label + " 1")
  Coroutines.`yield`[AnyRef](label + " 2")

@Coroutine
def topLevel(x: Int): Int =
  val got: Integer = Coroutines.`yield`[Integer](s"top $x")
  got + x

object S3Objects:
  @Coroutine
  def helper(x: Int): Int =
    val got: Integer = Coroutines.`yield`[Integer](s"helper $x")
    got + x

  @Coroutine
  def body(): AnyRef =
    var i = 0
    var sum = 0
    while i < 3 do
      Coroutines.`yield`[AnyRef](Integer.valueOf(i))
      sum += i
      i += 1
    val h = helper(10)
    val m = "a" match
      case "a" =>
        Coroutines.`yield`[AnyRef]("matched a"); 1
      case _ => 0
    try
      Coroutines.`yield`[AnyRef]("in try")
      throw new IllegalStateException("boom")
    catch
      case e: IllegalStateException => Coroutines.`yield`[AnyRef]("caught " + e.getMessage)
    finally
      Coroutines.`yield`[AnyRef]("finally")
    s"sum $sum h $h m $m"

  /** An enum matched, an extension method, an inline function's yields, a top-level function. */
  @Coroutine
  def scala3(): AnyRef =
    val shapes = List(Shape.Circle(2), Shape.Square(3))
    var area = 0
    for s <- shapes.iterator do () // a plain loop of the library: nothing yields in it
    var it = shapes
    while it.nonEmpty do
      it.head match
        case Shape.Circle(r) => area += 3 * r * r + Coroutines.`yield`[Integer]("circle " + r)
        case Shape.Square(side) => area += side * side + Coroutines.`yield`[Integer]("square " + side)
      it = it.tail
    val loud = "hi".shout()
    yieldTwice("inline")
    val t = topLevel(5)
    s"area $area loud $loud top $t"

  @Coroutine
  def forLoop(): AnyRef =
    for i <- 1 to 2 do
      Coroutines.`yield`[AnyRef](Integer.valueOf(i))
    "done"

  @Coroutine
  def nonFatal(): AnyRef =
    var out = "none"
    try
      Coroutines.`yield`[AnyRef]("before")
      throw new IllegalArgumentException("bad")
    catch
      case NonFatal(e) => out = "caught " + e.getMessage + " then " + Coroutines.`yield`[AnyRef]("in handler")
    out

  @Coroutine
  def generated(): AnyRef =
    val r: Runnable = () =>
      Coroutines.`yield`[AnyRef](Integer.valueOf(1))
      Coroutines.`yield`[AnyRef](Integer.valueOf(2))
    val it = Coroutines.generate[Integer](r).iterator()
    var sum = 0
    while it.hasNext do
      val v: Integer = it.next()
      Coroutines.`yield`[AnyRef](Integer.valueOf(v * 10))
      sum += v
    "sum " + sum

/** A local lazy val whose initialiser yields: scalac compiles the initialiser as a method that locks the val's LazyRef. */
object Lazy:
  @Coroutine
  def localLazy(): AnyRef =
    lazy val x: AnyRef = Coroutines.`yield`[AnyRef]("init")
    Coroutines.`yield`[AnyRef]("before")
    "got " + x

  /** The fix: the value computed, with its yield, into a plain val where the lazy val was first used. */
  @Coroutine
  def plainVal(): AnyRef =
    Coroutines.`yield`[AnyRef]("before")
    val x: AnyRef = Coroutines.`yield`[AnyRef]("init")
    "got " + x

/** A trait's coroutine method, mixed into a class. */
trait Greets:
  @Coroutine
  def greet(name: String): String =
    val got = Coroutines.`yield`[AnyRef]("greeting " + name)
    "hello " + name + " " + got

class Greeter extends Greets

object Traits:
  @Coroutine
  def viaClass(): AnyRef = new Greeter().greet("class")

  @Coroutine
  def viaTrait(): AnyRef =
    val g: Greets = new Greeter()
    g.greet("trait")

/** Starts coroutines from Scala functions (ScalaUnderAgentIT: strict mode refuses a start through a method handle). */
object Starts3:
  private def of(f: java.util.function.Supplier[AnyRef]): dev.coflow.CoroutineHandle[AnyRef, AnyRef] =
    Coroutines.create[AnyRef, AnyRef](f)
  def body(): dev.coflow.CoroutineHandle[AnyRef, AnyRef] = of(() => S3Objects.body())
  def scala3(): dev.coflow.CoroutineHandle[AnyRef, AnyRef] = of(() => S3Objects.scala3())
  def trait_(): dev.coflow.CoroutineHandle[AnyRef, AnyRef] = of(() => Traits.viaClass())
